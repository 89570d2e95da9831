"""The test harness: the machine's own Chromium, a static web server and a real nginx, shared by the
tests and the performance tools in scripts/performance/."""
