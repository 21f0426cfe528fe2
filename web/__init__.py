"""The top: the Flask app, the JSON API, the `dateline` command and config loading."""
