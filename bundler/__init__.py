"""bundler: SEND Tribunal case preparation for a local authority."""


def create_app(test_config=None):
    """The web app. Flask loads only here, so the PDF engine and the calendar start fast from the command line."""
    from .app import create_app as make_app

    return make_app(test_config)
