import { enhanceConfirmForms } from './pages/confirm-forms.js';
import { enhanceCopyButtons } from './pages/copy-buttons.js';
import { enhanceEncodingProgress } from './pages/encoding-progress.js';
import { enhanceImportProgress } from './pages/import-progress.js';
import { enhanceLtiClose } from './pages/lti-close.js';
import { enhanceAutoSubmit, enhanceLtiPicker } from './pages/lti-picker.js';
import { enhanceUploadForm } from './pages/upload-form.js';
import { enhanceFramedLogin, enhanceIdpFilter } from './pages/idp-filter.js';

/** Progressive enhancements of the server-rendered pages: each finds its own elements. */
enhanceConfirmForms(document);
enhanceCopyButtons(document);
enhanceUploadForm(document);
enhanceEncodingProgress(document);
enhanceImportProgress(document);
enhanceLtiClose(document);
enhanceLtiPicker(document);
enhanceAutoSubmit(document);
enhanceIdpFilter(document);
enhanceFramedLogin(document);
