"""Who said what, on short texts written for these tests: reported speech with its speaker (before,
after, in the next or the previous sentence, "according to", statements, nested quotes, pronouns),
and the writer's own voice kept apart from loaded but factual or attributed sentences."""

from __future__ import annotations

import pytest

from kg.extract.speech import quote_spans
from kg.extract.pipeline import extract_article
from kg.knowledge.ontology import load_ontology
from kg.model import Article, ClaimKind


@pytest.fixture(scope="module")
def ont():
    return load_ontology()


def _claims(ont, body: str, *, headline: str = "Officials speak after a week of talks"):
    text = f"{headline}\n{body}"
    ex = extract_article(Article(text=text, source_id="test-attribution", content_hash="0"), ont)
    out = []
    for c in ex.claims:
        holder = ex.entities[c.holder].label if c.holder else c.holder_label
        out.append((c.kind, c.sentence.anchor, holder, c.verb, c.content.anchor if c.content else None))
    return out


def _said(ont, body: str, sentence_start: str):
    """(speaker label, verb) of the attributed statement on the sentence starting so."""
    found = [(h, v) for k, s, h, v, _ in _claims(ont, body)
             if k is ClaimKind.ATTRIBUTED and s.lstrip('"\u201c').startswith(sentence_start.lstrip('"'))]
    return found[0] if found else None


# body, the sentence (its start), the speaker's label must contain, the reporting verb
SPEAKERS = [
    # speaker before, clause after
    ("Maria Lopez said the talks would resume in March.", "Maria Lopez", "Maria Lopez", "say"),
    # speaker after a quote, inverted
    ('"We will not sign this deal," said Tomas Berg.', '"We will', "Tomas Berg", "say"),
    # speaker after a quote, the verb parsed as the name's modifier
    ('Polls closed at noon. "We have won," Ana Lopes posted on X.', '"We have', "Lopes", "post"),
    # speaker after a quote, pronoun resolved through the article
    ('Defence Minister Anna Kovac visited the base on Monday. "The border is calm," she told reporters.',
     '"The border', "Anna Kovac", "tell"),
    # according to
    ("According to the interior ministry, the protest drew about 5,000 people.", "According", "interior ministry", "according to"),
    # a statement's author
    ("The army's statement said two soldiers were wounded in the clash.", "The army", "army", "say"),
    # a speech act with an object
    ("The foreign ministry condemned the attack on the embassy.", "The foreign ministry", "foreign ministry", "condemn"),
    ("Ivan Petrov denied the allegations on Tuesday.", "Ivan Petrov", "Ivan Petrov", "deny"),
    # an unnamed, described speaker
    ("A police spokesman said the suspect had been detained.", "A police spokesman", "spokesman", "say"),
    ("Two sources said the talks had stalled.", "Two sources", "sources", "say"),
    # a role with the person's name beside it
    ("A police spokesperson, Amina Bello, said ten people had died.", "A police spokesperson", "Amina Bello", "say"),
    # a pronoun speaker: the nearest fitting actor before it
    ("Chile's interior ministry opened an inquiry on Monday. It said the fire was set deliberately.",
     "It said", "ministry", "say"),
    # a speech act: an actor expressing something
    ("The Kenyan foreign ministry expressed concern over the arrests.", "The Kenyan", "ministry", "express"),
    # quoted as saying: the one quoted speaks
    ("The agency quoted Farid Haddad as saying that the road was closed.", "The agency", "Farid Haddad", "say"),
    # a subject pronoun continues the previous subject, not the person met
    ('Prime Minister Lena Vos spoke after meeting President Omar Diallo. "The talks were useful," she said.',
     '"The talks', "Lena Vos", "say"),
    # quoted as saying, in the passive
    ("Sara Lind was quoted as saying that the border would stay closed.", "Sara Lind", "Sara Lind", "say"),
    # in a statement / on an occasion of speaking: any act of the actor there is what it says
    ("In a statement, the ministry rejected the charges.", "In a statement", "ministry", "reject"),
    ("In an interview with a radio station, Mayor Jon Berg called the plan a disaster.", "In an interview", "Jon Berg", "call"),
    # any living being or social group can speak (WordNet's animate nouns), named or not
    ("The union said the strike would continue.", "The union", "union", "say"),
    ("The committee warned that the vote would be delayed.", "The committee", "committee", "warn"),
    # a phrasal speech act, and naming as a judgment ("called X a Y")
    ("The mayor called for calm after the riots.", "The mayor", "mayor", "call for"),
    ("The mayor called the riots a disgrace.", "The mayor", "mayor", "call"),
    ("The minister pointed out that the budget was tight.", "The minister", "minister", "point out"),
    # a news medium speaks (WordNet's nouns below medium.n.01)
    ("State media said the launch was a success.", "State media", "media", "say"),
    # a state's media are the outlets, not the state
    ("Kenyan media reported that the talks had failed.", "Kenyan media", "Kenyan media", "report"),
    ("Kenya's state media said the talks had failed.", "Kenya's state media", "Kenya's state media", "say"),
    # a noun of saying (WordNet's derivations of reporting verbs) with a that-clause and its author
    ("The talks collapsed after the army's claim that rebels had fled the town.", "The talks", "army", "claim"),
    ("The warning by the ministry that the dam could burst caused panic.", "The warning", "ministry", "warning"),
    # the quote's own subject, hung on the reporting verb by the parse, is not the speaker
    ('Ruth Okafor spoke to reporters. "The convoy left at dawn," she said.', '"The convoy', "Ruth Okafor", "say"),
    # the speaker after a comma, its report taken by the parse for an adverbial clause
    ("While checking the trucks, guards found two families hiding inside, the police report stated.",
     "While checking", "police", "state"),
    # a participle of saying the parse hangs on a clause without a speaker: the clause before it
    ("The delay came after the rebels held up the handover for hours, saying the army had broken the truce.",
     "The delay", "rebels", "say"),
    # ... also when that clause's subject is a noun of saying: "came" says nothing
    ("Ana Ortiz was freed on Friday. The announcement came after the rebels held up the handover for hours, "
     "saying the army had broken the truce.", "The announcement", "rebels", "say"),
    # "the release" after a release told with its author: that author
    ("Agents detained 75 migrants on Friday, according to a police news release. Later, three more groups "
     "turned themselves over to staff of the Red Cross, the release stated.", "Later", "police", "state"),
    # a document's author: the actor noun before it, or the agent of its participle
    ("According to a police news release, the raid happened at dawn.", "According to", "police", "according to"),
    ("The war has killed more than 9,000 people, according to data compiled by aid groups.", "The war",
     "aid groups", "according to"),
    ("A truth commission appointed by the president blamed the rebels. The war cost 9 billion dollars, "
     "according to commission estimates.", "The war cost", "truth commission", "according to"),
    # a source "according to" names, however described
    ("At least eight people have died in the area, according to aid groups.", "At least eight", "aid groups",
     "according to"),
    # who said it in the main clause spoke; the outlet "according to" only relayed it
    ("The move is a step forward, the ministry said in a statement, according to a report by Radio Lomo.",
     "The move", "ministry", "say"),
    # "it" in a relative clause is the main clause's subject, not the previous sentence's
    ("The United States said its pledge covered the islands. Last year, Japan fined two fishing firms it "
     "accused of poaching.", "Last year", "Japan", "accuse"),
]


@pytest.mark.parametrize("body,start,speaker,verb", SPEAKERS, ids=[s[0][:30] for s in SPEAKERS])
def test_reported_speech_has_its_speaker(ont, body, start, speaker, verb):
    found = _said(ont, body, start)
    assert found is not None, _claims(ont, body)
    assert speaker.lower() in (found[0] or "").lower() and found[1] == verb


def test_it_also_said_goes_on_with_who_spoke(ont):
    body = ("Reuters said soldiers surrounded the palace. Although Mali remains calm, fear is growing "
            "there. It also said the minister was arrested.")
    assert _said(ont, body, "It also said") == ("Reuters", "say")


def test_a_quote_over_two_sentences_belongs_to_its_speaker(ont):
    body = ('Omar Haddad spoke after the vote. "This is a good day for the country. '
            'We have waited a long time," Haddad said.')
    said = [(s[:12], h) for k, s, h, *_ in _claims(ont, body) if k is ClaimKind.ATTRIBUTED]
    assert [s for s, _ in said] == ['"This is a g', 'We have wait'] and all("Haddad" in h for _, h in said)


def test_a_quote_after_a_colon_takes_the_speaker_before(ont):
    body = 'Lena Fischer said:\n"The bridge will open next year."'
    assert _said(ont, body, '"The bridge')[0].endswith("Fischer")


def test_the_claim_keeps_what_was_said(ont):
    (claim,) = [c for c in _claims(ont, "Maria Lopez said the talks would resume in March.") if c[0] is ClaimKind.ATTRIBUTED]
    assert claim[4] == "the talks would resume in March"


def test_a_factual_sentence_is_not_the_writer_s_opinion(ont):
    """Reported acts, even of violence, are facts; an actor's condemnation is attributed."""
    body = ("Gunmen killed three villagers and burned a market on Friday. "
            "The government condemned the brutal attack. Police arrested two suspects on Saturday. "
            "The governor visited the site on Sunday.")
    kinds = {k for k, *_ in _claims(ont, body)}
    assert ClaimKind.OPINION not in kinds and ClaimKind.ATTRIBUTED in kinds


def test_a_subject_pronoun_goes_on_with_the_previous_subject(ont):
    body = ("The Foreign Ministry summoned the envoy of Japan on Monday over the raid by the Japan Coast Guard. "
            "It also demanded that Japan withdraw its vessels.")
    assert _said(ont, body, "It also demanded") == ("Foreign Ministry", "demand")


def test_who_a_quote_speaks_about_is_not_who_speaks(ont):
    body = 'Maria Lopez came by bus from the coast. "A woman president understands the people better," she said.'
    assert _said(ont, body, '"A woman president') == ("Maria Lopez", "say")
    # the quote marks may leave the subject of what is said outside: it is still what is said
    body = 'Maria Lopez came by bus from the coast. A woman president "understands the people better," she said.'
    assert _said(ont, body, "A woman president") == ("Maria Lopez", "say")


def test_a_pronoun_speaker_is_not_an_actor_named_only_in_a_quote(ont):
    body = ('Kelsa\'s Defence Ministry said: "According to the talks with Tunga, the troops of Tunga have '
            'begun to disengage."\n\nThe move "is good for peace in the border areas", it said.')
    assert _said(ont, body, "The move") == ("Kelsa's Defence Ministry", "say")


def test_a_scheduled_act_is_no_forecast(ont):
    """An actor's plan told with its time is news; the writer's forecast has no one scheduled."""
    kinds = {s: k for k, s, *_ in _claims(ont, "The minister will visit Paris on Monday. Prices will rise next year.")}
    assert kinds.get("The minister will visit Paris on Monday.") is None
    assert kinds.get("Prices will rise next year.") is ClaimKind.PREDICTION


def test_the_writer_judges_in_commentary(ont):
    """An opinion piece: the writer's own evaluative sentences are the writer's opinions, a
    modal of obligation a recommendation, and a rhetorical question an opinion."""
    body = ("The new border wall is a costly mistake. It shows how little the ministers understand the region. "
            "Their policy is reckless and naive. The wall will not stop anyone who is desperate. "
            "Why should taxpayers fund such folly? The government should abandon the plan. "
            "Our leaders owe the public a wiser answer. This failure is a reminder that walls rarely work.")
    kinds = [(k, s[:20]) for k, s, *_ in _claims(ont, body)]
    assert (ClaimKind.RECOMMENDATION, "The government shoul") in kinds
    assert sum(1 for k, _ in kinds if k is ClaimKind.OPINION) >= 4


def test_weighing_something_is_the_writers_judgment_in_commentary(ont):
    """ "X remains vital": an adjective of importance said of something (WordNet's importance and
    necessity clusters) judges it, though the subjectivity lexicon scores it low."""
    body = ("The new border wall is a costly mistake. It shows how little the ministers understand the region. "
            "Their policy is reckless and naive. The wall will not stop anyone who is desperate. "
            "Trade with the neighbours remains vital to the valley. "
            "Our leaders owe the public a wiser answer. This failure is a reminder that walls rarely work.")
    kinds = {s: k for k, s, *_ in _claims(ont, body)}
    assert kinds.get("Trade with the neighbours remains vital to the valley.") is ClaimKind.OPINION


def test_an_adjective_of_importance_before_its_noun_is_no_judgment(ont):
    assert _claims(ont, "The main road to the port was closed on Monday after a key bridge collapsed.") == []


def test_headings_are_not_claims(ont):
    body = "Why Did the Talks Fail?\nThe talks ended on Monday without an agreement."
    assert _claims(ont, body) == []


@pytest.mark.parametrize("text,quotes", [
    ('He said "yes" and left.', ['"yes"']),
    ("\u201cNo,\u201d she said. \u201cNever.\u201d", ["\u201cNo,\u201d", "\u201cNever.\u201d"]),
    ("It\u2019s fine, \u2018they\u2019re\u2019 here.", ["\u2018they\u2019re\u2019"]),
    ('"The quote goes on\nto the next paragraph.', ['"The quote goes on']),
])
def test_quote_spans(text, quotes):
    assert [text[b:e] for b, e in quote_spans(text)] == quotes


def test_a_time_of_day_is_not_an_estimate(ont):
    body = "The explosion happened at about 10 a.m. local time. About 300 people fled the area."
    estimates = [s for k, s, *_ in _claims(ont, body) if k is ClaimKind.ESTIMATE]
    assert estimates == ["About 300 people fled the area."]


def test_a_statement_that_is_the_news_is_an_event_and_a_claim(ont):
    """An accusation is an act in itself: the event has the speaker as agent and points to the
    attributed statement, which points back."""
    text = "Ministry accuses rebels\nThe foreign minister Karim Nasser accused the rebels of shelling the town on Monday."
    ex = extract_article(Article(text=text, source_id="test-attribution", content_hash="0"), ont)
    (claim,) = [c for c in ex.claims if c.kind is ClaimKind.ATTRIBUTED and c.sentence.anchor.startswith("The foreign")]
    assert claim.event is not None and claim.event in ex.events
    assert ont.event_types[claim.event.type].name == "Accusation"
    assert claim.holder in claim.event.roles["agent"]


# Reporting verbs drawn from WordNet (verb.communication senses with the that-clause frame), none of
# them in the hand-written lists: body, the reporting verb's lemma.
WORDNET_REPORTING = [
    ("Rosa Ortiz speculated that the vote would be delayed.", "speculate"),
    ("Ken Aoki whispered that the guards had gone.", "whisper"),
    ("The mayor proclaimed that the city was free.", "proclaim"),
    ("The minister reassured voters that the polls would open on time.", "reassure"),
]


@pytest.mark.parametrize("body,verb", WORDNET_REPORTING, ids=[v for _, v in WORDNET_REPORTING])
def test_reporting_verbs_come_from_wordnet(ont, body, verb):
    found = [v for k, _, _, v, _ in _claims(ont, body) if k is ClaimKind.ATTRIBUTED]
    assert found == [verb], _claims(ont, body)


# Verbs of knowing or perceiving take a clause too, but report no statement.
NOT_SPEECH = [
    "Rosa Ortiz learned that the vote would be delayed.",
    "Ken Aoki noticed that the guards had gone.",
    # a speech act told only with where it was done is a demonstration, nothing said
    "Hundreds of nurses protested outside the town hall on Sunday night.",
]


@pytest.mark.parametrize("body", NOT_SPEECH, ids=[b[:20] for b in NOT_SPEECH])
def test_a_verb_of_knowing_is_not_reported_speech(ont, body):
    assert [c for c in _claims(ont, body) if c[0] is ClaimKind.ATTRIBUTED] == []


# A run of quotes names its speaker once: the next quote, with no speaker of its own, goes on
# quoting the one just before it (body, the later quote's start, the speaker).
QUOTE_RUNS = [
    ('"We will rebuild the school," Mayor Ana Costa said. "The children deserve better."',
     '"The children', "Ana Costa"),
    ('"The river is rising," said Piet Janssen.\n"Nobody should stay in the valley tonight."',
     '"Nobody', "Piet Janssen"),
    ('Colonel Ruth Okafor spoke to reporters. "The convoy left at dawn," she said. "It will arrive on Friday. '
     'We expect no trouble."', "We expect", "Ruth Okafor"),
]


@pytest.mark.parametrize("body,start,speaker", QUOTE_RUNS, ids=[q[1] for q in QUOTE_RUNS])
def test_a_quote_goes_on_quoting_the_speaker_before(ont, body, start, speaker):
    found = _said(ont, body, start)
    assert found is not None and speaker in (found[0] or ""), _claims(ont, body)


def test_a_quote_after_the_writer_s_own_sentence_has_no_speaker(ont):
    body = 'The valley flooded on Monday. "Nobody should stay here tonight."'
    assert _said(ont, body, '"Nobody') is None


def test_an_act_somewhere_else_is_not_a_statement(ont):
    assert _claims(ont, "At the market, the police chief bought bread for the station.") == []


def test_a_closing_attribution_the_parse_joins_to_the_clause_is_still_the_speaker(ont):
    # "..., the chief, X, told a news conference": the parser may take "told" for a verb joined to
    # the reported clause by "and"
    body = ("At least 14 protesters were injured and 30 were arrested, the city's police chief, Colonel "
            "Ivan Petrov, told a news conference.")
    said = [c for c in _claims(ont, body) if c[0] is ClaimKind.ATTRIBUTED]
    assert said and said[0][2] == "Ivan Petrov" and said[0][4].startswith("At least 14 protesters"), said
    # a clause joined by "and" with its own speaker reports nothing said before it
    assert [c for c in _claims(ont, "Police arrested two men and the minister told reporters about it.")
            if c[0] is ClaimKind.ATTRIBUTED] == []


def test_a_thing_does_not_speak(ont):
    assert [c for c in _claims(ont, "The old clock on the tower said it was noon.") if c[0] is ClaimKind.ATTRIBUTED] == []


def test_a_pronoun_far_from_any_actor_goes_on_with_the_last_speaker(ont):
    body = ("Minister Omar Said Hadi said the border would reopen. The border has been closed since March, when "
            "floods swept away two bridges and cut the main road to the coast. Traders have waited for months, and "
            "many lorries have been parked in long lines along the highway near the crossing, their cargo spoiling "
            "in the heat. Local farmers lost most of their harvest. Prices in the markets of the capital rose "
            "sharply during the summer, and the central bank raised interest rates twice. Fuel was rationed in the "
            "northern provinces, and schools closed early for the holidays. Repairs began in July with help from "
            "engineers sent by neighbouring countries. \"We are nearly done,\" he said.")
    found = _said(ont, body, '"We are nearly')
    assert found is not None and "Hadi" in found[0]


def test_a_noun_of_saying_without_its_author_names_no_speaker(ont):
    assert [c for c in _claims(ont, "The report that he wrote was long and dull.") if c[0] is ClaimKind.ATTRIBUTED] == []


# A comment adverbial opening a sentence is the writer's stance when the adjective it is formed from
# judges and takes a side (TextBlob's subjectivity and polarity); a time or manner adverb is not.
STANCE = [
    ("Sadly, the boat sank before dawn.", True),
    ("Tragically, the boat sank before dawn.", True),
    ("Unfortunately, the talks failed again on Monday.", True),
    ("Finally, the soldiers crossed the river.", False),
    ("Earlier, the soldiers crossed the river.", False),
    ("Quickly, the soldiers crossed the river.", False),
]


@pytest.mark.parametrize("body,opinion", STANCE, ids=[b.split(",")[0] for b, _ in STANCE])
def test_an_opening_stance_adverb_is_the_writer_s_view(ont, body, opinion):
    kinds = [k for k, *_ in _claims(ont, body)]
    assert (ClaimKind.OPINION in kinds) is opinion, kinds


def test_a_phrasal_verb_that_is_no_speech_act_is_not_speech(ont):
    assert [c for c in _claims(ont, "The unions called off the strike on Friday.") if c[0] is ClaimKind.ATTRIBUTED] == []


# A raising passive of report or belief passes on others' account: reported speech with no named
# speaker, not the writer's statement. An order passed on ("was told to") is no account.
@pytest.mark.parametrize("body,verb", [
    ("The wreck found on Monday is believed to be the lost ferry.", "believe"),
    ("The smuggler is said to have fled by boat.", "say"),
])
def test_a_passive_of_belief_or_report_is_others_account(ont, body, verb):
    assert (ClaimKind.ATTRIBUTED, verb) in {(k, v) for k, _, _, v, _ in _claims(ont, body)}


def test_an_order_passed_on_is_no_account(ont):
    assert [c for c in _claims(ont, "The mayor was told to resign.") if c[0] is ClaimKind.ATTRIBUTED] == []


def test_what_was_expected_then_is_a_forecast(ont):
    kinds = {s: k for k, s, *_ in _claims(ont, "The rebels were expected to free nine captives at dawn.")}
    assert kinds.get("The rebels were expected to free nine captives at dawn.") is ClaimKind.PREDICTION


def test_what_could_not_be_done_is_no_forecast(ont):
    """ "could not be confirmed": a fact of the past; "could collapse": a forecast."""
    kinds = {s: k for k, s, *_ in _claims(ont, "The toll could not be verified. The truce could collapse soon.")}
    assert kinds.get("The toll could not be verified.") is None
    assert kinds.get("The truce could collapse soon.") is ClaimKind.PREDICTION


@pytest.mark.parametrize("body", [
    "Brussels should stop claiming that tariffs alone can fix the deficit.",
    "The mayor will announce that the bridge is closed.",
])
def test_a_saying_recommended_or_foreseen_is_not_reported(ont, body):
    assert [c for c in _claims(ont, body) if c[0] is ClaimKind.ATTRIBUTED] == []
