// The only entrance to requests/public: its pages come through routes.ts; the shared view parts here.
export { IntakeFields } from './request-form.views.js'
export { ClockExplanation, Timeline, eventLabel } from './request-status.views.js'
