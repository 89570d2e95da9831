"""The built site run locally with real parts: the machine's own Chromium, a static web server, a real
nginx and a copy of the project to build, shared by the tests and the performance tools in
scripts/performance/."""
