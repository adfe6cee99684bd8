from pipeline.text.lists import list_lead_ins
from pipeline.text.sentences import sentence_nlp, split_sentences


def test_items_belong_to_the_lead_in_above_them():
    text = ("The harbour board must:\n\n  • agree a budget each spring. It is then published.\n  • appoint a chair;\n\n"
            "Councils will check that:\n\n  1. the budget is balanced; and\n  2. the chair is independent.\n\n"
            "Other boards have no such rules.\n  • A stray bullet after prose.")
    sentences = split_sentences(text, sentence_nlp())
    by_text = {s.text: s.idx for s in sentences}
    lead_ins = list_lead_ins(text, sentences)
    assert {sentences[i].text: sentences[j].text for i, j in lead_ins.items()} == {
        "agree a budget each spring.": "The harbour board must:",
        "appoint a chair;": "The harbour board must:",
        "1. the budget is balanced; and": "Councils will check that:",
        "2. the chair is independent.": "Councils will check that:",
    }
    assert by_text["It is then published."] not in lead_ins
    assert by_text["A stray bullet after prose."] not in lead_ins


def test_a_numbered_paragraph_after_a_numbered_lead_in_is_the_next_paragraph():
    text = ("4. The harbour board has two committees:\n\n"
            "5. Since 2019 the board has met in public. Its members are these:\n\n"
            "6. We attended three of its meetings.\n\n"
            "7. Its duties are these:\n\n1. keep the harbour open;\n\n2. publish its accounts.")
    sentences = split_sentences(text, sentence_nlp())
    lead_ins = list_lead_ins(text, sentences)
    assert {sentences[i].text: sentences[j].text for i, j in lead_ins.items()} == {
        "1. keep the harbour open;": "7. Its duties are these:",
        "2. publish its accounts.": "7. Its duties are these:",
    }
