import { enhanceConfirmForms } from './pages/confirm-forms.js';
import { enhanceEncodingProgress } from './pages/encoding-progress.js';
import { enhanceUploadForm } from './pages/upload-form.js';

/** Progressive enhancements of the server-rendered pages: each finds its own elements. */
enhanceConfirmForms(document);
enhanceUploadForm(document);
enhanceEncodingProgress(document);
