<?php
// Router for PHP's built-in server (php -S … -t /usr/share/simplesamlphp/www router.php), test use
// only: maps /<script>.php/<path info> to the script with PATH_INFO set, as Apache would (module.php
// reads its module and page from PATH_INFO); anything else (assets) is served as a static file.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (is_string($path) && preg_match('#^(/(?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+\.php)(/.*)?$#', $path, $parts)) {
    $script = $_SERVER['DOCUMENT_ROOT'] . $parts[1];
    if (is_file($script)) {
        $_SERVER['SCRIPT_NAME'] = $parts[1];
        $_SERVER['SCRIPT_FILENAME'] = $script;
        $_SERVER['PHP_SELF'] = $path;
        if (isset($parts[2]) && $parts[2] !== '') {
            $_SERVER['PATH_INFO'] = $parts[2];
        } else {
            unset($_SERVER['PATH_INFO']);
        }
        chdir(dirname($script));
        require $script;
        return true;
    }
}
return false;
