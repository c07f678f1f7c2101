"""daemon.booted() is True, so that ansible-core takes its journald branch."""


def booted():
    return True
