"""Pure functions over one text: decoding, paragraphs, sentences, languages, zones, metadata."""
