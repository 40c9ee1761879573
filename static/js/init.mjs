// Start GOV.UK Frontend's components (error summary focus, service navigation, and the rest).
import { initAll } from '/static/govuk/govuk-frontend.min.js'

initAll()
