"""Events need grammatical evidence: one table per phenomenon, on short sentences of our own."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from eventprobe import events_of, roles_of, types_of

from kg.extract.pipeline import extract_article
from kg.knowledge.ontology import load_ontology
from kg.model import Article

# A verb of harm, custody or destruction applied to an abstraction is figurative; the same verb on a
# person, a group or a physical thing is an event.
FIGURATIVE = [
    ("Opposition lawmakers attacked the new tax policy on Monday.", "Attack"),
    ("The senate killed the reform bill on Tuesday.", "Death"),
    ("The scandal destroyed her reputation within a week.", "Destruction"),
    ("The new phone captured a large share of the market last year.", "Custody"),
    ("The minister crossed the line with his remarks, critics said.", "BorderCrossing"),
    # what suffers an attack or comes under one undergoes it
    ("The new tax policy suffered an attack from the opposition.", "Attack"),
    # used without an object, the verb tells what its subject went through
    ("Share prices sank on Monday.", "Destruction"),
]
LITERAL = [
    ("Gunmen attacked a police convoy near the town on Monday.", "Attack"),
    # a time after "on" is when the act happened, no abstraction it is aimed at
    ("Talks stalled. An attack on Sunday night left six people dead.", "Attack"),
    ("The blast killed four villagers on Tuesday.", "Death"),
    ("The army destroyed the bridge on Friday.", "Destruction"),
    ("Soldiers captured two rebel fighters near the river on Friday.", "Custody"),
    ("The soldier crossed the border on foot on Sunday.", "BorderCrossing"),
    ("Rebels launched an assault on the town in May.", "Attack"),
    ("The convoy came under attack near Gao on Monday.", "Attack"),
    # sinking a vessel destroys it (WordNet's sink.v.02, by hand)
    ("A coast guard vessel rammed and sank a fishing boat near the islands on Tuesday.", "Destruction"),
    # a plural read as its own word first: "bases" are bases (places), not the lemmatizer's "basis"
    ("The army destroyed six air bases on Friday.", "Destruction"),
]


# What is hoped or called for has not happened, however the parser hung the noun.
@pytest.mark.parametrize("sentence,event_type", [
    # a state's or a ministry's protest is diplomatic (said, an accusation); people's is a protest
    ("Kenya protested to Uganda over the arrest of its citizens.", "Accusation"),
    ("The foreign ministry protested the visit on Monday.", "Accusation"),
    ("Kenya lodged a formal protest with Uganda on Monday.", "Accusation"),
    ("Thousands of students protested in Nairobi on Monday.", "Protest"),
])
def test_who_protests_says_which_protest(sentence, event_type):
    found = types_of(sentence)
    assert event_type in found and (event_type == "Protest" or "Protest" not in found), found


def test_people_named_by_their_injury_tell_no_new_injury():
    assert "Injury" not in types_of("The injured were taken to a hospital in Gao on Monday.")
    assert "Injury" in types_of("Gunmen injured ten villagers in Gao on Monday.")


def test_a_participle_before_its_noun_describes_people_and_tells_no_act():
    # the parser takes "detained" for a verb with "people" as object; no auxiliary, no act
    assert "Custody" not in types_of("The exchange involves detained people under the age of 25.")
    assert "Custody" in types_of("The rebels have detained ten people in Gao.")
    # a joined participle has its auxiliary on the first verb
    assert "Destruction" in types_of("Troops have seized two camps, destroyed drug depots and left.")


@pytest.mark.parametrize("sentence", [
    "Talks stalled. The envoy voiced his hope for a truce on Monday.",
    "Talks stalled. The envoy repeated his call for a truce on Monday.",
])
def test_an_act_hoped_or_called_for_is_no_event(sentence):
    assert "Agreement" not in types_of(sentence)


@pytest.mark.parametrize("sentence,event_type", FIGURATIVE)
def test_figurative_use_makes_no_event(sentence, event_type):
    assert event_type not in types_of(sentence)


@pytest.mark.parametrize("sentence,event_type", LITERAL)
def test_literal_use_makes_an_event(sentence, event_type):
    assert event_type in types_of(sentence)


# Idioms: a trigger verb in a fixed phrase with its object (WordNet's multiword verbs).
IDIOMS = [
    ("The speech struck a chord with voters on Monday.", "Attack"),
    ("The prime minister's plan took a hit in the polls.", "Custody"),
]


@pytest.mark.parametrize("sentence,event_type", IDIOMS)
def test_idiom_makes_no_event(sentence, event_type):
    assert event_type not in types_of(sentence)


def test_a_source_kept_anonymous_makes_no_request():
    assert "Request" not in types_of("Talks stalled. A trader, who asked not to be named, said the market was shelled.")
    assert "Request" in types_of("Talks stalled. The minister asked the UN to send aid.")


# A trigger inside quotation marks: a slogan or title is no event; a quoted report of an act is.
QUOTES = [
    ('Protesters chanted "Kill the dictator" outside the palace on Sunday.', "Death", False),
    ('The crowd carried banners reading "Arrest the generals" in the capital.', "Custody", False),
    ('"Police arrested twelve protesters overnight," the spokesman said on Monday.', "Custody", True),
]


@pytest.mark.parametrize("sentence,event_type,expected", QUOTES)
def test_quoted_slogan_is_not_an_event(sentence, event_type, expected):
    assert (event_type in types_of(sentence)) is expected


# Light and support verbs: the object noun names the act ("made arrests", "held talks").
SUPPORT = [
    ("Police made several arrests in the capital on Monday.", "Custody"),
    ("The army launched an attack on the rebel camp on Friday.", "Attack"),
    ("The two presidents held talks in Geneva on Friday.", "Meeting"),
    # a bare plural is an act when a support verb carries it, habitual or not
    ("Insurgents often carry out raids on remote outposts.", "Attack"),
    # the subject undergoes the act the object names
    ("Three miners suffered serious injuries in the collapse.", "Injury"),
    ("The ousted mayor was placed under house arrest on Friday.", "Custody"),
]

# An event noun reported by a verb of happening ("broke out", "erupted") is an event; kinds of armed
# fight come from WordNet ("gunfight", "shootout", "battle").
HAPPENING = [
    ("A gunfight broke out near the market on Friday.", "Attack"),
    ("A fierce battle erupted outside the town on Tuesday.", "Attack"),
    # an existential states what it names
    ("There were protests in the port city on Sunday.", "Protest"),
]


# Triggers that need their grammar: "ask" with a to-infinitive is a request, a court's sentence a
# custody (CAMEO 173).
FRAMES = [
    ("The mayor asked the governor to send troops on Monday.", "Request"),
    ("A judge sentenced the smuggler to ten years in prison on Monday.", "Custody"),
    ("Rioters set fire to a police station on Monday.", "Destruction"),
    ("Pirates took the crew hostage off the coast on Monday.", "Custody"),
    ("The interior minister resigned on Monday.", "Election"),
    ("The government closed the border on Monday.", "PolicyAction"),
    # protesters gathering, also when the sentence opens with them (no lemma for a capitalized plural)
    ("Protesters gathered in the main square on Sunday.", "Protest"),
    # moved to a prison or camp (WordNet's correctional institutions): held in custody
    ("The former minister was taken to a jail in Lagos on Monday.", "Custody"),
    ("Police sent the two men to prison on Monday.", "Custody"),
    # taking a checkpoint or an outpost is taking ground, not people
    ("Rebels captured two army checkpoints outside the town on Monday.", "Attack"),
    # people who move across or over a border crossed it, whatever the verb of moving
    ("Thousands of civilians fled across the border into Kenya on Sunday.", "BorderCrossing"),
    ("A group of migrants walked over the frontier on Friday.", "BorderCrossing"),
    # people said in the passive to be hurt were injured
    ("Two officers were hurt when demonstrators threw stones on Monday.", "Injury"),
]


# A support verb whose object is an act of another type is how the act is done: "signed a decree" is
# the decree (a policy action), not an agreement; "signed a pact" stays the agreement.
def test_signing_a_decree_is_the_decree_not_an_agreement():
    assert types_of("The president signed a decree on Monday.") == ["PolicyAction"]
    assert types_of("The two presidents signed a pact in Lima on Monday.") == ["Agreement"]
NOT_FRAMES = [
    ("The reporter asked about the budget on Monday.", "Request"),
    ("Rebels captured two army checkpoints outside the town on Monday.", "Custody"),
    # what spreads across a border is no one crossing it
    ("The fighting spilled across the border on Sunday.", "BorderCrossing"),
    # "hurt" said of an abstraction, or by what someone decided, is no injury
    ("The economy was hurt by the sanctions on Monday.", "Injury"),
    ("Farmers were hurt by the decision on Monday.", "Injury"),
]


@pytest.mark.parametrize("sentence,event_type", FRAMES)
def test_trigger_in_its_frame_is_an_event(sentence, event_type):
    assert event_type in types_of(sentence)


@pytest.mark.parametrize("sentence,event_type", NOT_FRAMES)
def test_trigger_outside_its_frame_is_not(sentence, event_type):
    assert event_type not in types_of(sentence)


# Declaring an act is doing it: "declared a state of emergency" is the act (an "X of Y" trigger read at
# its head), not also a statement; passive support verbs report their subject noun; two predications
# stay two events.
def test_declared_act_is_the_act_not_a_statement():
    assert types_of("The governor declared a state of emergency in the province on Monday.") == ["PolicyAction"]
    # the other declared states that give emergency powers
    assert types_of("The president declared a state of disaster in six districts on Saturday.") == ["PolicyAction"]


def test_passive_support_verb_reports_its_subject():
    assert "PolicyAction" in types_of("A state of emergency was declared in the province on Monday.")
    assert "Attack" in types_of("An attack was carried out on the police station on Monday.")


def test_two_acts_of_one_actor_in_one_sentence_stay_two():
    found = types_of("The junta suspended the constitution and declared a state of emergency on Monday.")
    assert found.count("PolicyAction") == 2


@pytest.mark.parametrize("sentence,event_type", HAPPENING)
def test_reported_happening_is_an_event(sentence, event_type):
    assert event_type in types_of(sentence)


@pytest.mark.parametrize("sentence,event_type", SUPPORT)
def test_support_verb_object_is_an_event(sentence, event_type):
    assert event_type in types_of(sentence)


# Demanded, not done: a mandative "that" clause under a verb of demanding.
def test_a_demanded_act_is_not_an_event():
    assert "Withdrawal" not in types_of("The ministry demanded that the army withdraw its troops from the valley.")


# "met with criticism": an abstraction is no party to a meeting.
def test_meeting_with_an_abstraction_is_no_meeting():
    assert "Meeting" not in types_of("The new plan has been met with criticism in France on Monday.")


# Not asserted: negated, hypothetical, future, recommended, asked.
NOT_ASSERTED = [
    ("Police did not arrest the protesters on Monday.", "Custody"),
    ("The army would attack the town if talks failed.", "Attack"),
    ("The two leaders will meet in Rome next week.", "Meeting"),
    ("The government should arrest the generals, critics said.", "Custody"),
    ("Did the army attack the convoy on Monday?", "Attack"),
    ("If the rebels attack the town, the army will respond.", "Attack"),
    ("There will be talks in Geneva next week.", "Meeting"),
    ("There were no arrests after the march.", "Custody"),
    # what a denial says did not happen is not told as having happened
    ("The army denied that its troops had shelled the market on Monday.", "Attack"),
    ("Police denied arresting the students on Monday.", "Custody"),
    # a negative quantifier as who undergoes or does the act denies it
    ("Nobody was injured in the blast on Monday.", "Injury"),
    ("No soldiers were wounded in the clash on Monday.", "Injury"),
    ("The gunmen killed no one on Monday.", "Death"),
    # a long conflict's toll so far is no happening
    ("The decade-long insurgency has killed more than 6,000 people.", "Death"),
    ("The war has wounded thousands of civilians since 2011.", "Injury"),
    # a participle that only describes people (no doer of its own) tells no new act
    ("Families of soldiers killed in past wars gathered in the square on Monday.", "Death"),
]


# Giving oneself up: a particle verb of handing over with a reflexive object is a custody of its
# subject, taken by whoever they gave themselves to.
def test_turning_oneself_in_is_a_custody_of_the_subject():
    text = "Two men wanted for the robbery handed themselves over to police in Accra on Tuesday."
    roles = [r for t, r in events_of(text) if t == "Custody"]
    assert roles and roles[0].get("patient") == {"men"} and roles[0].get("agent") == {"police"}, roles


def test_a_verb_the_parser_made_a_modifier_of_its_object_keeps_its_subject():
    """ "A bomb targeted soldiers on patrol": the tagger read "targeted" as an adjective of
    "soldiers", yet gave it "bomb" as its subject; the verb is the sentence's predicate."""
    roles = [r for t, r in events_of("Talks stalled. A bomb targeted soldiers on patrol in Yala province on Sunday.")
             if t == "Attack"]
    assert roles and roles[0].get("patient") == {"soldiers"}, roles


def test_handing_over_a_thing_is_no_custody():
    assert "Custody" not in types_of("The company turned over its records to investigators on Monday.")


# A passive verb of report or belief with a perfect infinitive reports a past act (hedged, but told).
REPORTED_PAST = [
    ("Dozens of miners are feared to have died in the collapse.", "Death"),
    ("The two men are said to have been arrested in Lagos on Monday.", "Custody"),
    # what someone was forced to do, they did
    ("Heavy shelling forced the rebels to withdraw from the town.", "Withdrawal"),
]


@pytest.mark.parametrize("sentence,event_type", REPORTED_PAST)
def test_a_past_act_reported_by_a_raising_passive_is_an_event(sentence, event_type):
    assert event_type in types_of(sentence)


def test_a_belief_about_a_present_or_future_act_is_no_event():
    assert "Attack" not in types_of("The rebels are believed to be planning an attack on the town.")
    assert "Attack" not in types_of("The army is expected to attack the town.")


@pytest.mark.parametrize("sentence,event_type", NOT_ASSERTED)
def test_unasserted_act_is_not_an_event(sentence, event_type):
    assert event_type not in types_of(sentence)


# A meeting needs two parties.
MEETINGS = [
    ("The council met on Tuesday.", False),
    ("The two leaders met on Tuesday.", True),
    ("France and Germany met in Brussels on Tuesday.", True),
    ("The French president met the German chancellor on Tuesday.", True),
]


@pytest.mark.parametrize("sentence,expected", MEETINGS)
def test_meeting_needs_two_parties(sentence, expected):
    assert ("Meeting" in types_of(sentence)) is expected


# An authority's decision to act is the policy act, whenever the act itself takes effect.
DECIDED = [
    ("The cabinet decided on Thursday to suspend the talks with the union.", True),
    ("Protesters rallied against the government's decision to shelve the talks.", True),
    ("The cabinet may decide to suspend the talks next week.", False),
    ("The government did not decide to ban the party.", False),
]


@pytest.mark.parametrize("sentence,expected", DECIDED)
def test_a_decided_policy_act_is_taken(sentence, expected):
    assert ("PolicyAction" in types_of(sentence)) is expected


def test_a_decided_act_of_force_is_no_attack():
    assert "Attack" not in types_of("The rebels decided to attack the town.")


# Several events in one sentence: coordinated verbs, subordinate clauses, nominalizations.
SEVERAL = [
    ("Soldiers shot and killed two protesters in Nairobi on Monday.", {"Attack", "Death"}),
    ("A soldier crossed the border near Poipet and defected to Thailand on Sunday.", {"BorderCrossing", "Defection"}),
    ("After the arrest of the opposition leader, protesters rallied in Dakar on Monday.", {"Custody", "Protest"}),
    ("Police arrested three men who had attacked a convoy on Monday.", {"Custody", "Attack"}),
]


@pytest.mark.parametrize("sentence,expected", SEVERAL)
def test_one_sentence_holds_several_events(sentence, expected):
    assert expected <= set(types_of(sentence))


def test_a_past_verb_the_parser_joined_to_an_infinitive_is_told_as_done():
    # the parser joins "made" to "to disperse"; a past-tense verb is no part of an infinitive
    sentence = "Riot police intervened, using water cannon to disperse the protesters and made arrests."
    assert "Custody" in types_of(sentence)
    assert "Custody" not in types_of("Police plan to disperse the crowd and arrest the leaders.")


def test_a_harm_told_with_its_doer_or_date_is_no_toll():
    assert "Death" in types_of("The fighting killed 20 people in Tunga on Monday.")
    assert "Death" in types_of("Gunmen have killed ten villagers in Tunga.")


def test_firing_back_when_forced_to_is_a_second_attack():
    types = types_of("The guards opened fire on the rebels on Monday, forcing them to return fire.")
    assert types.count("Attack") == 2


def test_two_arrests_of_different_people_stay_two_events():
    evs = [r for t, r in events_of("Police arrested John Smith in Lagos and detained Mary Jones in Abuja on Monday.")
           if t == "Custody"]
    assert len(evs) == 2


# A later definite mention of an event ("the attack") is the same event; one set apart ("a second
# attack", "another raid") or with other participants is a new one.
@pytest.mark.parametrize("text", [
    "Gunmen attacked a police convoy near Jos on Monday. The attack killed four officers.",
    # a possessor makes the noun definite
    "Gunmen attacked a police convoy near Jos on Monday. Monday's attack left two officers dead.",
    # a time of day inside the day told before
    "Gunmen attacked a police convoy near Jos on Monday. The attack began at 10 a.m. on Monday.",
    # an adjective that describes the happening does not set it apart
    "Gunmen attacked a police convoy near Jos on Monday. The deadly attack lasted an hour.",
    # a place the gazetteer does not know may lie in the region told before
    "Militants raided a police post in northern Chad on Tuesday. The raid happened near Oumkali, officials said.",
])
def test_definite_event_noun_refers_back_to_the_event_told(text):
    found = types_of(text)
    assert found.count("Attack") == 1, found


def test_the_means_of_an_act_is_the_act_told_again():
    text = "Three men entered Chad by driving across the desert border on Monday."
    assert types_of(text).count("BorderCrossing") == 1, events_of(text)


def test_an_act_told_in_the_incident_is_the_act_told_before():
    text = ("Soldiers detained five protesters near the palace on Monday. "
            "The soldiers who detained people in the incident were not named.")
    assert types_of(text).count("Custody") == 1, events_of(text)


def _article_events(text: str, published: date, kind: str) -> tuple[list, list]:
    """The events of one type in a whole article (headline first), and all its events."""
    art = Article(text=text, source_id="t-" + hashlib.sha256(text.encode()).hexdigest()[:12],
                  content_hash=hashlib.sha256(text.encode()).hexdigest(), published=published)
    events = extract_article(art, load_ontology()).events
    return [e for e in events if e.type.endswith(kind)], events


def test_the_headline_tells_the_lead_event_in_short():
    # a city in the headline lies in the compass region the lead names: one death, told twice
    deaths, events = _article_events(
        "Gunmen kill two traders near Kumasi\n\nGunmen killed two traders at a market in southern Ghana "
        "on Tuesday, residents said.\n", date(2025, 3, 10), "Death")
    assert len(deaths) == 1 and len(deaths[0].also) >= 1, [(e.type, e.roles) for e in events]


def test_a_headline_event_told_in_other_words_is_the_body_s_event():
    # the headline's actors are named otherwise than the body's: still the one happening it names
    attacks, events = _article_events(
        "Militants attack army base in Somalia\n\nAl Shabaab fighters stormed a military base near "
        "Mogadishu on Monday, killing five soldiers, officials said.\n", date(2025, 3, 10), "Attack")
    assert len(attacks) == 1 and attacks[0].trigger.anchor == "stormed", [(e.type, e.trigger) for e in events]


def test_a_headline_event_is_not_the_body_s_background_event_of_another_time():
    # the body tells only an older attack of the type: the headline's happening stays its own
    attacks, events = _article_events(
        "Convoy attacked near Gao\n\nResidents of Gao said the road was closed on Tuesday. "
        "Gunmen attacked a convoy on the same road in 2019.\n", date(2025, 3, 12), "Attack")
    assert len(attacks) == 2, [(e.type, e.trigger, e.time and e.time.value) for e in events]


@pytest.mark.parametrize("text", [
    "Gunmen attacked a police convoy near Jos on Monday. A second attack took place in Kano on Tuesday.",
    "Gunmen attacked a police convoy near Jos on Monday. Another attack occurred near Kano on Monday.",
    "Gunmen attacked a police convoy near Jos on Monday. The attack on a market in Kano occurred on Tuesday.",
    # an adjective that orders it among others of its kind
    "Gunmen attacked a police convoy near Jos on Monday. The previous attack killed two drivers.",
    # two towns, neither in the other
    "Troops clashed with rebels in Tula on Monday. The clash in Vesna left five soldiers dead.",
])
def test_event_set_apart_stays_its_own(text):
    assert types_of(text).count("Attack") == 2, types_of(text)


# The same people cannot die twice: a harm told again is the harm told before; other victims, other
# places or other days are other harms.
def test_a_death_told_again_is_one_death():
    text = ("Three militiamen and a police officer died when a gun battle broke out in Tula on Monday. "
            "Officials said the officer died in Monday's battle.")
    assert types_of(text).count("Death") == 1, events_of(text)


@pytest.mark.parametrize("text", [
    "Two soldiers were killed in an ambush near Gao. Hours later, three soldiers were killed by a mine.",
    "Two soldiers were killed near Gao on Monday. Two soldiers were killed near Mopti on Monday.",
])
def test_other_victims_or_places_are_other_deaths(text):
    assert types_of(text).count("Death") == 2, events_of(text)


# An attack told through its weapon: a verb of hitting or exploding with a weapon (WordNet) as its
# subject or "by"-agent; with anything else as subject it is no attack.
@pytest.mark.parametrize("sentence", [
    "A car bomb exploded outside the ministry on Monday.",
    "A rocket hit a hospital in the city on Tuesday.",
    "Two mortar shells landed near the school on Monday.",
    "A roadside bomb went off as the patrol passed on Sunday.",
])
def test_weapon_that_hits_or_explodes_is_an_attack(sentence):
    assert "Attack" in types_of(sentence)


@pytest.mark.parametrize("sentence", [
    "Oil prices hit a record high on Monday.",
    "The new album landed at the top of the charts on Monday.",
])
def test_hitting_without_a_weapon_is_no_attack(sentence):
    assert "Attack" not in types_of(sentence)


# Using a weapon WordNet knows as one, told as done, is an attack; using something that is a
# weapon only sometimes, or a use that is a habit, is none.
@pytest.mark.parametrize("sentence,attack", [
    ("Riot police used tear gas and rubber bullets to clear the square on Monday.", True),
    ("Security forces employed live ammunition against the marchers.", True),
    ("Troops moved into the square on Sunday, using stun grenades against the students.", True),
    ("Police used drones to search the forest.", False),
    ("The company uses rifles made in Italy.", False),
])
def test_using_a_weapon_is_an_attack(sentence, attack):
    assert ("Attack" in types_of(sentence)) is attack


# A bomber who sets off what they carry attacks: the verb of setting off needs no object then.
@pytest.mark.parametrize("sentence,attack", [
    ("A suicide bomber detonated at the gate of the army base on Monday.", True),
    ("The engineers detonated at dawn to clear the quarry.", False),
])
def test_a_suicide_bomber_setting_off_is_an_attack(sentence, attack):
    assert ("Attack" in types_of(sentence)) is attack
    if attack:
        assert roles_of(sentence, "Attack")["agent"] == {"suicide bomber"}


# What is heard, seen or reported happening is told as having happened; a judgment ("saw the talks
# as"), a present view or a negative witness tells of none.
@pytest.mark.parametrize("sentence,event", [
    ("Gunfire was heard in the capital on Monday.", "Attack"),
    ("Residents reported shelling in the north on Monday.", "Attack"),
    ("There are reports of gunfire in the capital.", "Attack"),
    ("The border town saw deadly clashes in 2020.", "Attack"),
    ("The minister saw the talks as a waste of time.", None),
    ("The minister sees talks as a waste of time.", None),
    ("No one heard gunfire that night.", None),
])
def test_a_happening_heard_seen_or_reported_is_told(sentence, event):
    assert types_of(sentence) == ([event] if event else []), events_of(sentence)


# "Reinforcements" are troops sent (WordNet's support.n.04 names the plural); "the reinforcement of a
# dam" is none.
@pytest.mark.parametrize("sentence,deployed", [
    ("The army held the town after reinforcements arrived on Monday.", True),
    ("The reinforcement of the dam was completed in May.", False),
])
def test_reinforcements_that_arrive_are_deployed(sentence, deployed):
    assert ("MilitaryDeployment" in types_of(sentence)) is deployed
    if deployed:
        assert roles_of(sentence, "MilitaryDeployment")["agent"] == {"reinforcements"}


# "those who are wounded" in the present describes a kind of people; "those who were wounded" in the
# blast were hurt in it.
@pytest.mark.parametrize("sentence,injury", [
    ("The exchange covers young prisoners as well as those who are seriously wounded.", False),
    ("Those who were wounded in the blast were taken to hospital on Monday.", True),
])
def test_the_present_passive_describing_those_who_is_no_event(sentence, injury):
    assert ("Injury" in types_of(sentence)) is injury


# A two-word trigger whose first word is joined to another ("psychological and medical assistance")
# is still read at its head noun.
@pytest.mark.parametrize("sentence", [
    "The freed soldiers are receiving medical assistance.",
    "The freed soldiers are receiving psychological and medical assistance.",
])
def test_a_trigger_phrase_sharing_its_modifier_is_found(sentence):
    assert roles_of(sentence, "MedicalTreatment")["patient"] == {"freed soldiers"}


# Diplomatic relations set up, resumed or restored are cooperation (PLOVER COOPERATE); ties a
# police inquiry establishes between people are none.
@pytest.mark.parametrize("sentence,cooperation", [
    ("Peru and Chile restored diplomatic relations on Monday after a long dispute.", True),
    ("Laos and Cuba resumed ties on Friday after ten years.", True),
    ("Kenya established diplomatic ties with Palau in 2019.", True),
    ("Detectives have established ties between the two suspects.", False),
])
def test_relations_restored_are_cooperation(sentence, cooperation):
    assert ("Cooperation" in types_of(sentence)) is cooperation


# A verb of happening tells its event noun ("fighting raged", "clashes erupted").
@pytest.mark.parametrize("sentence", [
    "Talks stalled. Fighting raged near Tarvo on Monday.",
    "Talks stalled. Heavy clashes raged on the edge of the city on Monday.",
])
def test_fighting_that_rages_is_an_attack(sentence):
    assert "Attack" in types_of(sentence)


def test_the_one_who_comes_under_fire_is_the_target():
    roles = [r for t, r in events_of("Two soldiers came under fire near Jos on Tuesday.") if t == "Attack"]
    assert roles and "soldiers" in {x.lower() for x in roles[0].get("patient", set())}, roles


# A statement noun that is the channel of what was said ("said in a statement") is no statement
# event of its own: the saying is the attributed claim; issuing a statement is an act.
def test_said_in_a_statement_is_no_statement_event():
    assert "Statement" not in types_of("The Chilean foreign ministry said in a statement on Monday that talks would resume.")
    assert "Statement" in types_of("The Chilean foreign ministry issued a statement on Monday.")


def test_saying_on_a_staged_occasion_is_a_statement_event_and_the_occasion_no_place():
    """ "In a televised address, X said": the address is the news, not a place."""
    found = events_of("In a radio address, Governor Lea Moss said the curfew would end.")
    assert [t for t, _ in found] == ["Statement"] and "place" not in found[0][1], found
    assert types_of("Governor Lea Moss said the curfew would end.") == []
    # a routine briefing is where it was said, not news of its own
    assert types_of("At a briefing, spokesman Tim Roy said the curfew would end soon.") == []


def test_a_statement_noun_that_says_something_is_no_act():
    """ "A joint statement said ...": where it was said, not an agreement reached there."""
    assert types_of("Their joint statement said the border crossing would reopen in May.") == []


# A verb of saying with its object as the trigger is an act of its own, with no date needed; the
# verb alone stays plain saying, which needs one.
def test_claiming_responsibility_is_a_statement_event():
    assert "Statement" in types_of("The Red Hand Front claimed responsibility for the bombing.")
    assert "Statement" not in types_of("The Red Hand Front claimed that the bridge was closed.")


# A deployment told through what is moved: a verb of sending or moving with a military object, or a
# verb of moving with a military subject (WordNet's military units, warships, vehicles).
@pytest.mark.parametrize("sentence", [
    "The government sent two battalions to the north on Friday.",
    "Two frigates sailed through the strait on Monday.",
    "The ministry sent coast guard vessels to the shoal on Saturday.",
])
def test_military_forces_moved_are_a_deployment(sentence):
    assert "MilitaryDeployment" in types_of(sentence)


@pytest.mark.parametrize("sentence", [
    "The company sent a letter to the ministry on Monday.",
    "The ferry sailed to the island on Monday.",
])
def test_other_things_moved_are_no_deployment(sentence):
    assert "MilitaryDeployment" not in types_of(sentence)


def test_passing_a_law_is_a_policy_action():
    assert "PolicyAction" in types_of("Parliament passed the new media law on Tuesday.")


# A definite event noun with its own participant presupposes the event, whatever the clause around it
# says; a word that makes it unreal ("planned", "possible") does not.
PRESUPPOSED = [
    ("The council met on Sunday to discuss the attack on the embassy.", "Attack"),
    ("Ministers will debate the arrest of the opposition leader next week.", "Custody"),
    # in a phrase of another noun, with a partner as its participant
    ("Opponents of the fishing treaty with Chile called it a betrayal.", "Agreement"),
]
UNREAL = [
    ("Ministers discussed the planned visit of the president.", "Meeting"),
    ("Officials are preparing for the possible attack on the port.", "Attack"),
    ("The minister warned of a possible attack on the embassy.", "Attack"),
]


@pytest.mark.parametrize("sentence,event_type", PRESUPPOSED)
def test_definite_event_noun_with_participant_is_presupposed(sentence, event_type):
    assert event_type in types_of(sentence)


@pytest.mark.parametrize("sentence,event_type", UNREAL)
def test_unreal_event_noun_is_not_presupposed(sentence, event_type):
    assert event_type not in types_of(sentence)


def test_relative_clause_asserts_on_its_own():
    # the main clause's modal ("would hold") does not reach a relative clause with its own subject
    found = types_of("The ministry said the two armies, which have exchanged fire for a week, would hold talks in Geneva.")
    assert "Attack" in found and "Meeting" not in found
    assert "Attack" not in types_of("Soldiers who would attack the town were sent home.")


# A bare plural event noun is a topic ("sanctions hurt exporters") unless something says it happened:
# a place it happened at, a preposition of time around an event, a harm that happened in it.
LOCATED_PLURALS = [
    ("Two rebels were killed in clashes near the border on Friday.", "Attack"),
    ("Tensions rose after clashes near the border in June.", "Attack"),
    ("The rebels withdrew from the area following clashes with the army.", "Attack"),
    ("Five rebels had died in clashes, the army said.", "Attack"),
]


@pytest.mark.parametrize("sentence,event_type", LOCATED_PLURALS)
def test_located_bare_plural_is_an_event(sentence, event_type):
    assert event_type in types_of(sentence)


def test_bare_plural_as_a_topic_is_no_event():
    assert "Sanction" not in types_of("Officials talked about sanctions in the meeting.")


def test_event_after_a_definite_event_noun_presupposes_it():
    # "after the arrest of X": the arrest happened, whatever the clause it dates; its agent is not
    # the subject of that clause
    events = dict(events_of("The gang has been trying to rebuild its network after the arrest of its leaders."))
    assert "Custody" in events and "agent" not in events["Custody"]


def test_capitalized_event_noun_opening_a_sentence_is_the_noun():
    # the tagger reads a sentence-initial "Protests" as a name
    assert "Protest" in types_of("Protests erupted in the capital on Monday.")
    assert "Attack" in types_of("Strike Force Alpha attacked the base on Monday.")


# A type read only where its object or goal fits, one row per sentence:
# - fleeing or escaping to a place is a defection only when the place lies in another state than
#   the mover's own; fleeing to a side (not a place) is left to the other checks;
# - ending a body is a policy action with the body as its object; "dissolve" alone fades or melts;
# - aiming force at a place or at forces is an attack; a measure aimed at people or an abstraction is not.
@pytest.mark.parametrize("sentence,event_type,expected", [
    ("A North Korean soldier escaped to Seoul on Monday.", "Defection", True),
    ("Hundreds of Sudanese civilians fled to Chad last week.", "Defection", True),
    ("Two soldiers defected to the rebels on Monday.", "Defection", True),
    ("After the raid, the fighters escaped to the hill village of Tunga on foot.", "Defection", False),
    ("Afghan civilians fled to Kabul on Monday.", "Defection", False),
    ("The president dissolved parliament on Monday.", "PolicyAction", True),
    ("The army dissolved the government and the council on Monday.", "PolicyAction", True),
    ("The protest dissolved into chaos on Monday.", "PolicyAction", False),
    ("Drones targeted an air base near the capital on Monday.", "Attack", True),
    ("New sanctions target Russian officials.", "Attack", False),
    ("The measures target inflation.", "Attack", False),
])
def test_a_type_is_read_only_where_its_object_or_goal_fits(sentence, event_type, expected):
    assert (event_type in types_of(sentence)) is expected


def test_a_happening_verb_in_a_relative_clause_tells_its_own_noun():
    """ "the protests that followed": what happened is the relative's own noun, not the act named
    first in the sentence."""
    types = types_of("The bloc imposed sanctions over the crackdown on protests that followed the vote.")
    assert types.count("Sanction") == 1 and "Protest" in types, types


def test_ramming_a_boat_is_an_attack_and_ramming_a_bill_through_is_not():
    assert "Attack" in types_of("A navy cutter rammed a fishing trawler near the atoll on Saturday.")
    assert "Attack" not in types_of("The budget was rammed through the senate on Friday.")


@pytest.mark.parametrize("sentence,kind", [
    # a ruler removed by the armed forces is a coup; removed by a vote, an election-type act
    ("The navy deposed the governor on Monday.", "Coup"),
    ("The premier was toppled by the army last week.", "Coup"),
    ("Lawmakers ousted the speaker on Monday.", "Election"),
])
def test_a_ruler_removed_by_the_armed_forces_is_a_coup(sentence, kind):
    assert kind in types_of(sentence)


# Undergoer and scene nouns: "was the target of an attack" tells the attack, done to the subject.
@pytest.mark.parametrize("sentence", [
    "A Peruvian army unit was the target of an attack by about 20 armed men on Friday.",
    # a quoted predicate over the event noun is reported speech, not a slogan
    "A Peruvian army unit \u201cwas the target of an attack by about 20 armed men\u201d on Friday, the army said.",
])
def test_the_target_of_an_attack_underwent_it(sentence):
    roles = [r for t, r in events_of(sentence) if t == "Attack"]
    assert roles and roles[0].get("patient") == {"peruvian army unit"} and roles[0].get("agent") == {"armed men"}, roles


@pytest.mark.parametrize("sentence", [
    "The embassy could be the target of an attack.",
    "The embassy is a frequent target of attacks.",
    "Protesters chanted \u201cNo more attacks\u201d in the square.",
])
def test_a_possible_or_habitual_target_or_a_slogan_tells_no_attack(sentence):
    assert "Attack" not in types_of(sentence)


# A gerund the parse hung after a preposition's object: the object is its subject, and a state
# reached through "for" is no place of either act.
def test_in_exchange_for_a_state_freeing_people_the_state_frees_them():
    evs = events_of("The rebels released 14 hostages in exchange for Peru freeing 42 prisoners on Saturday.")
    freed = [r for t, r in evs if t == "Repatriation" and r.get("patient") == {"prisoners"}]
    assert freed and freed[0].get("agent") == {"Peru"}, evs
    assert not [r for t, r in evs if "Peru" in r.get("place", set())], evs


# A frequency on an act not told in the past is a habit or a rate, no happening.
@pytest.mark.parametrize("sentence", [
    "In Peru, around 10 women are murdered each day.",
    "Crime is high, with around 10 women murdered every day.",
    "The nation has a history of violence, with around 10 women or girls murdered every day.",
])
def test_a_rate_of_harm_is_no_event(sentence):
    assert "Death" not in types_of(sentence)


def test_acts_told_in_the_past_every_day_happened():
    assert "Death" in types_of("Soldiers were killed every day last week in the region.")


# A place phrase that opens the sentence, set off by a comma, is the scene of each act it tells.
def test_a_fronted_place_phrase_sets_the_scene_of_every_act():
    evs = events_of("In front of the parliament building, riot police intervened, using water cannon to "
                    "disperse the protesters and made arrests.")
    custody = [r for t, r in evs if t == "Custody"]
    assert custody and custody[0].get("place") == {"parliament building"}, evs
    # "in a statement" is no scene
    evs = events_of("In a statement, the army said rebels attacked a convoy.")
    assert not [r for t, r in evs if r.get("place")], evs


# A state's people's word on an act says who did it; on a harm, who underwent it.
def test_a_states_word_on_an_act_names_its_doer():
    roles = [r for t, r in events_of("The city suffered a brutal Chilean assault in the first weeks of the war.")
             if t == "Attack"]
    assert roles and roles[0].get("agent") == {"Chile"}, roles
    evs = events_of("Chilean deaths rose to ten after the attack on Monday.")
    assert not [r for t, r in evs if "Chile" in r.get("agent", set())], evs


def test_homes_set_on_fire_are_destroyed_places():
    roles = [r for t, r in events_of("Armed men attacked a village, killing ten people and setting fire to homes.")
             if t == "Destruction"]
    assert roles and roles[0].get("patient") == {"homes"}, roles
