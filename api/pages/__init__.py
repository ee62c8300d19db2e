"""The students' web pages: routes, templates and our own static files."""
