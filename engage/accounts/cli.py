"""``flask --app engage users …`` and ``flask --app engage tokens …``."""


def register_cli(app) -> None:
    pass
