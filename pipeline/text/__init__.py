"""Text: a document's text in, its tokens and sentences out (pipeline/text/sentences.py)."""
