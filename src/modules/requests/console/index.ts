// requests/console has no API for other modules: its pages are reached through routes.ts.
export {}
