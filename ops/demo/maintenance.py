"""Demo maintenance windows."""


def seed() -> None:
    pass
