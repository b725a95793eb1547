"""Demo incident with its timeline."""


def seed() -> None:
    pass
