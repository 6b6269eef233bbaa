from dataclasses import replace

from hitkit import message, sig

from cocoscan.heuristics.context import is_surprise_secrecy, kinship_terms


def with_context(h, *texts, author="a"):
    ctx = tuple(
        message(h.message.conversation, h.message.seq + i + 1, author, t)
        for i, t in enumerate(texts)
    )
    return replace(h, context=ctx)


def test_kinship_terms_fr_and_en_both_sides() -> None:
    assert kinship_terms(
        [sig("c", 1, "a", "meeting", text="Mamie passe te chercher")]
    ) == ("mamie",)
    assert kinship_terms(
        [with_context(sig("c", 1, "a", "meeting"), "thanks auntie!!")]
    ) == ("auntie",)
    assert kinship_terms([sig("c", 1, "a", "meeting", text="ton oncle vient")]) == (
        "ton oncle",
    )
    assert (
        kinship_terms([sig("c", 1, "a", "meeting", text="je passe te chercher")]) == ()
    )
    assert (
        kinship_terms(
            [sig("c", 1, "a", "meeting", text="I'll pick you up, tell no one")]
        )
        == ()
    )
    # words that merely contain a kinship term do not count
    assert kinship_terms([sig("c", 1, "a", "meeting", text="the pantanal trip")]) == ()


def test_surprise_secrecy_fr_and_en_both_sides() -> None:
    fr = sig(
        "c", 1, "a", "secrecy", text="dis rien à ta mère, c'est pour son anniversaire"
    )
    en = with_context(
        sig("c", 1, "a", "secrecy", text="don't tell mom"), "it's a surprise for her"
    )
    assert is_surprise_secrecy(fr) and is_surprise_secrecy(en)
    plain = sig("c", 1, "a", "secrecy", text="dis rien à ta mère")
    far = with_context(
        sig("c", 1, "a", "secrecy", text="our secret"), "ok", "ok", "ok", "surprise"
    )
    other = sig("c", 1, "a", "meeting", text="surprise party at 8")
    assert not is_surprise_secrecy(plain)
    assert not is_surprise_secrecy(far)  # four messages away: not this secret
    assert not is_surprise_secrecy(other)  # not a secrecy hit


def test_speech_context_fr_and_en_both_sides() -> None:
    from cocoscan.heuristics.context import speech_context

    def at(text: str, phrase: str):
        start = text.index(phrase)
        h = sig("c", 1, "a", "meeting", text=text)
        return replace(h, span=(start, start + len(phrase)))

    assert "quotation" in speech_context(
        at('le juge a lu "je passe te chercher"', "je passe te chercher")
    )
    assert "reporting" in speech_context(at("il m'a dit viens seul hier", "viens seul"))
    assert "news" in speech_context(
        at("at the trial, messages to come alone were read", "come alone")
    )
    assert "quotation" in speech_context(
        at("Élodie a écrit « viens seule »", "viens seule")
    )
    assert (
        speech_context(at("je passe te chercher à 8h", "je passe te chercher")) is None
    )
    assert speech_context(at("come alone tonight, ok?", "come alone")) is None
    assert speech_context(at("Éloïse, viens seule ce soir", "viens seule")) is None
