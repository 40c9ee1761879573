// Mark the page as able to run GOV.UK Frontend's JavaScript, before anything is drawn (CSP forbids inline script).
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
