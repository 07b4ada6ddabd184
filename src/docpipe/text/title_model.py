"""Weights of the headline scorer (docpipe.headline). Written by `docpipe train-metadata`; do not
edit by hand."""

from docpipe.text.headline import TitleModel

TITLE_MODEL = TitleModel(
    weights={
        "just_before": 2.0,
        "within_8": 1.0,
        "log_distance": -1.0,
        "words_1_3": -2.0,
        "words_7_20": 1.0,
        "ends_sentence": -1.0,
        "date_shape": -2.0,
        "zone_title": 1.0,
        "zone_byline": -2.0,
        "template": -2.0,
        "body_overlap": 2.0,
    },
    min_score=-1e9,
    version="hand-0",
)
