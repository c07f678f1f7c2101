"""A stand-in for python-systemd (journal and daemon), used when TELNYX_LOG_JOURNALD is set."""
