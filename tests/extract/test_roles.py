"""Roles from dependency paths: one table per construction, on short sentences of our own."""

from __future__ import annotations

import pytest

from eventprobe import events_of, roles_of

# (sentence, event type, role, label expected in that role)
PASSIVES = [
    ("John Smith was arrested by police in Lagos on Monday.", "Custody", "patient", "John Smith"),
    ("John Smith was arrested by police in Lagos on Monday.", "Custody", "agent", "police"),
    ("Mary Jones was detained in Abuja on Friday.", "Custody", "patient", "Mary Jones"),
]
APPOSITIONS = [
    ("The army, the country's largest employer, deployed troops to Gao on Monday.", "MilitaryDeployment", "agent", "army"),
]
CONJUNCTIONS = [
    ("France and Germany met in Brussels on Tuesday.", "Meeting", "agent", "France"),
    ("France and Germany met in Brussels on Tuesday.", "Meeting", "agent", "Germany"),
    ("Police arrested and charged John Smith on Monday.", "Custody", "patient", "John Smith"),
    ("Soldiers shot and killed John Smith in Nairobi on Monday.", "Attack", "patient", "John Smith"),
    ("Police arrested John Smith and Mary Jones in Lagos on Monday.", "Custody", "patient", "Mary Jones"),
    # a plural joined to an acting plural acts with it; fighters "of" a named body act for it
    ("Government troops and fighters of the Red Dawn Army clashed in the province on Monday.", "Attack", "agent", "fighters"),
    ("Government troops and fighters of the Red Dawn Army clashed in the province on Monday.", "Attack", "agent", "troops"),
    ("Government troops and fighters of the Red Dawn Army clashed in the province on Monday.", "Attack", "agent", "Red Dawn Army"),
]
ROLE_PREPOSITIONS = [
    # a bare plural that is the object of a target or partner preposition takes its role
    ("Riot police fired rubber bullets on students in the square on Friday.", "Attack", "patient", "students"),
    ("Four people died in clashes between miners and police guards on Sunday.", "Attack", "agent", "miners"),
]
SURRENDERS = [
    # forces that surrender withdraw: they are its agent, as a suspect who surrenders is taken
    ("Forty militia fighters surrendered to the army on Monday.", "Withdrawal", "agent", "militia fighters"),
    ("The suspect surrendered to the police on Monday.", "Custody", "patient", "suspect"),
]
CLAIMED = [
    # who claims an act as its own did it
    ("The Red Sun Front claimed responsibility for the attack on Tuesday.", "Attack", "agent", "Red Sun Front"),
    # people seized are taken into custody, whatever noun names them
    ("Pirates seized ten hostages off the coast on Monday.", "Custody", "patient", "hostages"),
    # a suicide bomber is a person, alone or in a group
    ("A suicide bomber killed five people in Kano on Monday.", "Death", "agent", "suicide bomber"),
    ("Two suicide bombers attacked the market on Monday.", "Attack", "agent", "suicide bombers"),
    # a common noun headed by a named organization is that organization
    ("The Kalo Dara movement attacked a village on Monday.", "Attack", "agent", "Kalo Dara"),
    # people moved from one named country into another crossed its border, whatever the verb
    ("The migrants were smuggled from Guatemala into Mexico on Friday.", "BorderCrossing", "origin", "Guatemala"),
    ("The migrants were smuggled from Guatemala into Mexico on Friday.", "BorderCrossing", "destination", "Mexico"),
    # each of a group of people, a collective that a word for people describes, moves too
    ("Police said each of the migrant groups was smuggled from Guatemala into Mexico at night.",
     "BorderCrossing", "destination", "Mexico"),
    # a bare plural acting in a clause of "after" acts in the story (a "when" clause may be generic)
    ("The unrest started after bandits kidnapped two priests in 2004.", "Custody", "agent", "bandits"),
    # the place inside "took to the streets in X" is where it happened; a movement's goal stays its goal
    ("Thousands of protesters took to the streets in Nairobi on Sunday.", "Protest", "place", "Nairobi"),
    ("Two soldiers fled to a village in Kenya.", "Defection", "destination", "Kenya"),
    # what a description beside a place puts it in locates the act too
    ("Rebels killed three soldiers in Dorowa, a town in Kelso province.", "Death", "place", "Kelso province"),
    ("Rebels attacked Dorowa, a town in Kelso province.", "Attack", "place", "Kelso province"),
    # "figure" is a person in "opposition figure", "public figure", "political figure"
    ("Police detained three opposition figures after the march.", "Custody", "patient", "opposition figures"),
    # a sentence opened by "it" or "they" goes on with the previous sentence's subject
    ("The ministry summoned the envoy on Monday. It also demanded that the country withdraw its ships.",
     "Request", "agent", "ministry"),
    ("Rebels seized the town on Monday. They then kidnapped two teachers.", "Custody", "agent", "rebels"),
    # a verb joined to a reported clause whose auxiliaries it cannot share goes with the speaker
    ("The ministry said the march had not been authorised and accused the organisers of planning it.",
     "Accusation", "agent", "ministry"),
    # a possessive in the phrase that opens a sentence is its subject's
    ("After his meeting with Ali Bongo on Wednesday, Jean Roe said the talks went well.", "Meeting", "agent", "Jean Roe"),
    # an active perfect shares its "had" with the verb joined to it: the same subject acts
    ("The commander said his men had captured two checkpoints and seized a weapons depot.", "Attack", "agent", "men"),
    # ... also after the adverbials that open the sentence
    ("The junta promised elections. On Friday it lifted a curfew.", "Concession", "agent", "junta"),
    ("The rebels seized the town. Later, they freed two hostages.", "Repatriation", "agent", "rebels"),
    # a harm told with no object is undergone by the subject
    ("Seven migrants drowned off the coast on Monday.", "Death", "patient", "migrants"),
    # "dead" before the count is the verb's result, not part of the victims' description
    ("Gunmen shot dead two police officers on Sunday.", "Death", "patient", "police officers"),
    # "the opposition" is a body that acts (WordNet ranks that sense of the noun eighth), and
    # bodies counted as a plural are a group that acts
    ("Talks stalled. The opposition boycotted the vote on Monday.", "Protest", "agent", "opposition"),
    ("Talks stalled. Opposition parties condemned the arrests on Monday.", "Accusation", "agent", "opposition parties"),
    # a bare count harmed is of the people the act was just aimed at
    ("Talks stalled. Troops fired on marchers in the square, wounding 12.", "Injury", "patient", "marchers"),
    # force with no target named hits the people its purpose is aimed at
    ("Talks stalled. Riot police used tear gas to disperse the students on Monday.", "Attack", "patient", "students"),
    # a verbal act on what an actor proposed or did is aimed at that actor
    ("Talks stalled. The rebels rejected the government's ceasefire offer on Friday.", "Rejection", "patient", "government"),
    ("Talks stalled. Chad condemned Niger's decision to shut the border.", "Accusation", "patient", "Niger"),
    # the place a verb's object is of undergoes the act ("seized control of the town")
    ("Militia fighters seized control of the airport on Saturday.", "Attack", "patient", "airport"),
    # a state's warplanes, warships or tanks that act: its armed forces are the agent
    ("Russian warplanes bombed a bridge near the river on Monday.", "Attack", "agent", "Armed forces of Russia"),
    ("The village was shelled by Kenyan tanks on Friday.", "Attack", "agent", "Armed forces of Kenya"),
]
CROWDS = [
    # many people named as one ("the crowd", "a mob") are a group that takes part
    ("Police fired tear gas at the crowd outside the court on Monday.", "Attack", "patient", "crowd"),
    ("A mob stormed the police station in Kano on Friday.", "Attack", "agent", "mob"),
]
INFINITIVE_OBJECTS = [
    # the people an act is about are those the infinitive it governs acts on
    ("Congress voted on Thursday to remove President Marta Ruiz from office.", "Election", "patient", "Marta Ruiz"),
    ("The rebels agreed on Friday to release 13 hostages.", "Agreement", "patient", "hostages"),
    # whom a verb of causing acts on does what it is made to do (object control) ...
    ("Heavy shelling forced the rebels to withdraw from the town.", "Withdrawal", "agent", "rebels"),
    # ... but a thing acted on is the means, and the subject acts
    ("Police used water cannon to disperse the protesters on Friday.", "Attack", "agent", "police"),
]
DATELINES = [
    # a dateline's city is no part of the sentence it opens
    ("NAIROBI, June 3 (Wire) - Gunmen killed five villagers on Sunday.", "Death", "agent", "gunmen"),
]
PARTITIVES = [
    # the of-object of a support verb's object takes the verb's subject
    ("The rebels carried out a wave of raids in the valley on Monday.", "Attack", "agent", "rebels"),
    # a unit named by its members is those members
    ("Rebels ambushed a patrol of soldiers near Gao on Monday.", "Attack", "patient", "soldiers"),
    # "the" and a past participle stand for the people in that state
    ("The injured were taken to a hospital in Gao on Monday.", "MedicalTreatment", "patient", "injured"),
    ("Several of the wounded were flown to a hospital in Bamako on Monday.", "MedicalTreatment", "patient", "wounded"),
]
RELATIVE_CLAUSES = [
    ("A North Korean soldier who defected on Sunday was taken into custody.", "Defection", "agent", "North Korean soldier"),
    # whose body was found died; who found it did not kill
    ("Police found the bodies of three fishermen on the beach on Monday.", "Death", "patient", "fishermen"),
    ("Police found the journalist dead in his flat on Monday.", "Death", "patient", "journalist"),
    ("The journalist was found dead in his flat on Monday.", "Death", "patient", "journalist"),
    # whose decision it was acts
    ("Protesters rallied against the government's decision to shelve the talks.", "PolicyAction", "agent", "government"),
    # a relative pronoun stands for the noun its clause describes: the person seized is taken
    ("Ana Ortiz, who was seized by gunmen in October, spoke on Sunday.", "Custody", "patient", "Ana Ortiz"),
    ("The girl, who was seized from her home in May, was among those freed.", "Custody", "patient", "girl"),
    # a participle with its own doer ("by X") tells the act, as a relative clause would
    ("Two tourists seized by gunmen last week were freed on Sunday.", "Custody", "patient", "tourists"),
    ("Two tourists kidnapped by gunmen last week were freed on Sunday.", "Custody", "agent", "gunmen"),
]
PLACES = [
    ("Police arrested John Smith in Lagos on Monday.", "Custody", "place", "Lagos"),
    # a region named by a compass word is where the event happened
    ("Troops were deployed to northern Mali on Monday.", "MilitaryDeployment", "destination", "northern Mali"),
    ("Rebel fighters crossed from Mali into Niger on Friday.", "BorderCrossing", "origin", "Mali"),
    # a gerund after "after" or "before" has the main clause's subject
    ("The two envoys signed a truce on Friday after meeting in Doha.", "Meeting", "agent", "envoys"),
    # people an act is aimed at are its patient ("fired at"); a place after "at" is where
    ("Riot police fired rubber bullets at striking miners on Friday.", "Attack", "patient", "miners"),
    # the organ whose ship or unit acts is the agent ("a navy ship fired")
    ("A navy frigate fired on the smugglers' boat on Sunday.", "Attack", "agent", "navy"),
    # who crosses a border from one of the two states it lies between arrives in the other
    ("Two Indian soldiers crossed the Line of Control on Friday, a spokesman in Pakistan said.",
     "BorderCrossing", "destination", "Pakistan"),
    ("Rebel fighters crossed from Mali into Niger on Friday.", "BorderCrossing", "destination", "Niger"),
    ("The soldier crossed the border near Poipet on Sunday.", "BorderCrossing", "place", "Poipet"),
    ("Troops were deployed in Mali's capital on Sunday.", "MilitaryDeployment", "place", "Mali"),
    # a place's own phrase says what contains it: possessor, "of"-complement, a description after a comma
    ("Gunmen attacked a village in Kano's Bichi district on Monday.", "Attack", "place", "Kano"),
    ("Gunmen attacked a village in the Bichi district of Kano state on Monday.", "Attack", "place", "Kano"),
    ("Protesters gathered in Batumi, Georgia's second-largest city, on Sunday.", "Protest", "place", "Georgia"),
    # an unnamed place after "to" or "on": where people are held or cared for, where a bomb went off
    ("The wounded were taken to a local hospital on Monday.", "MedicalTreatment", "place", "local hospital"),
    ("John Smith was taken to a prison in Tula on Monday.", "Custody", "place", "prison"),
    ("A bomb exploded on a road in Vado district on Monday.", "Attack", "place", "road"),
    # force used "to" a place through a noun that names the act: the place is what it is used on
    ("The gunmen set fire to a school in Tula on Monday.", "Destruction", "patient", "school"),
    # a building named by the body that uses it is an unnamed place, and what contains it says where
    ("Protesters gathered in front of the parliament building in Tula on Monday.", "Protest", "place", "parliament building"),
    ("Protesters gathered in front of the parliament building in Tula on Monday.", "Protest", "place", "Tula"),
    ("Police raided the offices of the Daily Star in Tula on Monday.", "Attack", "patient", "offices"),
    ("Police raided the offices of the Daily Star in Tula on Monday.", "Attack", "place", "Tula"),
    # a relative place noun ("the outskirts of X") is X
    ("Gunmen attacked a village on the outskirts of the town on Monday.", "Attack", "place", "town"),
]
NOMINAL_EVENTS = [
    ("After the arrest of John Smith, protesters rallied in Dakar on Monday.", "Custody", "patient", "John Smith"),
    ("After the defection of John Smith, France recalled its ambassador on Monday.", "Defection", "agent", "John Smith"),
    ("After John Smith's arrest, protesters rallied in Dakar on Monday.", "Custody", "patient", "John Smith"),
    ("Police made several arrests in Lima on Monday.", "Custody", "agent", "police"),
    ("The two presidents held talks with Emmanuel Macron in Geneva on Friday.", "Meeting", "agent", "Emmanuel Macron"),
    ("The talks between France and Germany took place in Geneva on Friday.", "Meeting", "agent", "Germany"),
    # the subject of a passive support verb, or of "suffer", undergoes the act the noun names
    ("John Smith was placed under house arrest in Lagos on Monday.", "Custody", "patient", "John Smith"),
    ("Two nurses suffered gunshot wounds in Lagos on Monday.", "Injury", "patient", "nurses"),
    ("Rebels carried out raids on two villages in Borno on Monday.", "Attack", "agent", "Rebels"),
]
# One incident told by two verbs ("attacked ..., killing ...", "were killed when ... was ambushed in X")
# has one place; an event noun's place may be said by its verb or nested in a place phrase.
# "X, including Y": those included share X's role.
INCLUDED = [
    ("The blast wounded 14 shoppers, including three children, in Gao on Monday.", "Injury", "patient", "children"),
    ("Rebels killed nine people, including two children, in Gao on Monday.", "Death", "patient", "children"),
]
# An active verb takes no "by"-agent: a "by"-phrase the parse hung on it belongs to its event noun.
MISATTACHED_BY = [
    ("Officials met to discuss the raid on the depot by rebel fighters.", "Attack", "agent", "rebel fighters"),
]
COUNTED_OTHERS = [
    ("A bomb killed a guard and wounded two others near Lagos on Monday.", "Injury", "patient", "others"),
]
SHARED_PLACES = [
    ("Gunmen attacked a village near Jos on Monday, killing nine people.", "Death", "place", "Jos"),
    ("Two soldiers were killed when their patrol was ambushed in Sukhov district on Friday.", "Death", "place", "Sukhov"),
    ("The shootout erupted in the town of Vallecito, in the state of Guerrero, on Friday.", "Attack", "place", "Guerrero"),
    # the attack may be told after the harm it did, in the same sentence
    ("Two guards died as a gunfight broke out at a depot in Tula on Friday.", "Death", "place", "Tula"),
    # whoever used the force in the same sentence did the harm
    ("Three soldiers were killed when rebels ambushed their convoy on Monday.", "Death", "agent", "rebels"),
    # actors placed by their own noun phrase act there
    ("Police in Lagos arrested two men on Monday.", "Custody", "place", "Lagos"),
    ("Guards at a checkpoint near Kassala fired on the crowd on Monday.", "Attack", "place", "Kassala"),
    # an act during an event happened at the event's place
    ("Both governments agreed to the plan during talks in Norway on Monday.", "Agreement", "place", "Norway"),
    # a participle clause happens where the clause it hangs on does
    ("In Tunga, riot police intervened on Friday, using tear gas on the crowd.", "Attack", "place", "Tunga"),
    ("Rebels attacked two army bases near Tunga on Friday.", "Attack", "patient", "army bases"),
    ("In front of the town hall, police intervened, using water cannon on the protesters.", "Attack", "place", "town hall"),
]
# A noun all of whose WordNet senses are persons is a person even when its first synset spells it as a
# title ("Ranger"): the victim is found.
PERSON_NOUNS = [
    ("A bomb killed a ranger near Lagos on Monday.", "Death", "patient", "ranger"),
    ("Gunmen shot a marine near Lagos on Monday.", "Attack", "patient", "marine"),
]
SHARED_CLAUSE_ROLES = [
    ("A soldier crossed the border near Poipet and defected on Sunday.", "Defection", "place", "Poipet"),
    ("A soldier crossed the border near Poipet and defected to Thailand on Sunday.", "BorderCrossing", "destination", "Thailand"),
]


@pytest.mark.parametrize("sentence,event_type,role,label", PASSIVES + DATELINES + CROWDS + INFINITIVE_OBJECTS + APPOSITIONS + CONJUNCTIONS + ROLE_PREPOSITIONS + SURRENDERS + CLAIMED + PARTITIVES + RELATIVE_CLAUSES
                         + PLACES + NOMINAL_EVENTS + SHARED_CLAUSE_ROLES
                         + PERSON_NOUNS + SHARED_PLACES + COUNTED_OTHERS + INCLUDED + MISATTACHED_BY)
def test_role_from_construction(sentence, event_type, role, label):
    roles = roles_of(sentence, event_type)
    assert any(label.lower() in x.lower() for x in roles.get(role, set())), roles


WRONG_ROLE = [
    # whom a protest or a statement is lodged "with" is whom it is addressed to, not who makes it
    ("Kenya lodged a formal protest with Uganda on Monday.", "Accusation", "agent", "Uganda"),
    # a place inside a clause that describes the object is not the act's patient
    ("The bloc imposed sanctions on ten officials and an airline it accuses of flying migrants into Poland.",
     "Sanction", "patient", "Poland"),
    # a speaker who tells their own wish is not what the act is aimed at
    ("Talks stalled. The envoy expressed his wish to retire on Monday.", "Statement", "patient", "envoy"),
    # the "of"-argument of a transitive event noun is its patient, not its agent
    ("After the arrest of John Smith, protesters rallied in Dakar on Monday.", "Custody", "agent", "John Smith"),
    # "took to the streets in X" went nowhere: X is no destination
    ("Thousands of protesters took to the streets in Nairobi on Sunday.", "Protest", "destination", "Nairobi"),
    ("Thousands of protesters took to the streets in Nairobi on Sunday.", "Protest", "destination", "streets"),
    # what a coordinated act was done to is no place of another act, unless force was used on it
    ("The junta lifted a curfew and reopened the land borders on Friday.", "Concession", "place", "land borders"),
    # a withdrawal moves its object: where it goes is no target
    ("Soldiers withdrew their tanks to the barracks on Monday.", "Withdrawal", "patient", "barracks"),
    # the subject of a passive is not its agent
    ("John Smith was arrested by police in Lagos on Monday.", "Custody", "agent", "John Smith"),
    # a place is not a patient
    ("Police arrested John Smith in Lagos on Monday.", "Custody", "patient", "Lagos"),
    # the "by"-phrase of the event noun is not the agent of the active verb
    ("Ministers condemned the raid on the village by soldiers on Monday.", "Accusation", "agent", "soldiers"),
    # whoever suffers a wound in a raid did not carry the raid out
    ("Two nurses suffered gunshot wounds in a raid in Lagos on Monday.", "Attack", "agent", "nurses"),
    # "after" an event says when, not where
    ("Police arrested two men after talks in Norway.", "Custody", "place", "Norway"),
    ("Police found the bodies of three fishermen on the beach on Monday.", "Death", "agent", "police"),
    ("Police found the journalist dead in his flat on Monday.", "Death", "patient", "police"),
    ("The body of a farmer was recovered near the river by soldiers on Monday.", "Death", "agent", "soldiers"),
    # what happened "before" the incident is another happening, told elsewhere or nowhere
    ("Rebels ambushed a convoy near Tunga on Thursday. Before the ambush, two soldiers had died in clashes.",
     "Death", "place", "Tunga"),
    ("Rebels ambushed a convoy near Tunga on Thursday. Prior to the ambush, two soldiers had died in clashes.",
     "Death", "place", "Tunga"),
    # a denial claims nothing
    ("The Red Sun Front denied responsibility for the attack on Tuesday.", "Attack", "agent", "Red Sun Front"),
    # a dateline's city, and its wire agency, say where the report was filed, not who acted
    ("QUITO, Ecuador (Wire) -- Ecuadorian soldiers clashed Sunday with drug gangs, officials said.",
     "Attack", "agent", "Quito"),
]


@pytest.mark.parametrize("sentence,event_type,role,label", WRONG_ROLE)
def test_role_not_given_to_the_wrong_argument(sentence, event_type, role, label):
    roles = roles_of(sentence, event_type)
    assert not any(label.lower() in x.lower() for x in roles.get(role, set())), roles


def test_the_two_sides_are_the_pair_last_named_together():
    text = "The presidents of Chile and Peru met in Lima on Monday. The two sides agreed to reopen the border crossing."
    assert roles_of(text, "Agreement")["agent"] == {"Chile", "Peru"}
    text = "Ghana and Togo signed a trade pact in 2019. Both countries agreed to cut tariffs on Monday."
    agreements = [r for t, r in events_of(text) if t == "Agreement"]
    assert len(agreements) == 2 and all(r["agent"] == {"Ghana", "Togo"} for r in agreements)


def test_talks_between_the_two_leaders_are_between_the_pair_named_together():
    text = ("President Roe and Prime Minister Tan spoke to reporters on Monday. The plan was unveiled at a "
            "news conference following talks between the two leaders.")
    assert roles_of(text, "Meeting")["agent"] == {"Roe", "Tan"}


def test_two_people_named_together_meet_and_are_the_leaders_told_after():
    # a coordinated subject is two parties to a meeting, a title the parse set apart included
    text = "Talks stalled. President Roe and Prime Minister Tan met in Lima on Monday."
    assert roles_of(text, "Meeting")["agent"] == {"Roe", "Tan"}
    # "the leaders" with no word of its own is the pair last named together, and only that
    text += " The leaders signed a trade pact."
    assert roles_of(text, "Agreement")["agent"] == {"Roe", "Tan"}
    assert roles_of("Protests spread. The leaders of the march were arrested on Monday.", "Custody")["patient"] == {
        "leaders"
    }


@pytest.mark.parametrize("sentence,event_type,agent", [
    # an act named as the reason for what is done to an actor, or that an actor answers for, is its own
    ("Talks stalled. The ministry blamed the Somali army for the attack on the town.", "Attack",
     "Armed forces of Somalia"),
    ("Talks stalled. Two men were arrested for the killing of a police officer.", "Death", "men"),
    ("Talks stalled. Rebels were responsible for the attack on the town.", "Attack", "rebels"),
    ("Talks stalled. The ministry held the rebels responsible for the attack on the town.", "Attack", "rebels"),
    # the same with the act as a gerund
    ("Talks stalled. Police arrested two men for attacking a bus.", "Attack", "men"),
    ("Talks stalled. The ministry accused the rebels of attacking a convoy.", "Attack", "rebels"),
])
def test_the_actor_blamed_for_an_act_did_it(sentence, event_type, agent):
    assert roles_of(sentence, event_type)["agent"] == {agent}


def test_a_charge_names_who_is_charged_and_a_joined_participle_shares_the_passive():
    assert roles_of("Talks stalled. Prosecutors charged Peter Mwale with sedition on Monday.", "Accusation") == {
        "agent": {"prosecutors"}, "patient": {"Peter Mwale"}}
    # "was taken ... and charged": Mwale is charged, by someone the sentence does not name
    roles = roles_of("Talks stalled. Peter Mwale was taken to a police station and charged with sedition.",
                     "Accusation")
    assert roles == {"patient": {"Peter Mwale"}}


@pytest.mark.parametrize("sentence,event_type,role,label", [
    # a participle describing the subject ("workers kidnapped in May") is passive: they were taken
    ("Talks stalled. Three aid workers kidnapped in central Mali in October have been released unharmed.",
     "Custody", "patient", "aid workers"),
    # the same where the parse hangs the finite verb on the participle ("..., the charity said")
    ("Talks stalled. Three aid workers kidnapped in central Mali in October have been released unharmed, "
     "the charity said on Thursday.", "Custody", "patient", "aid workers"),
    # people named by their state's demonym are people a verb of seizing takes
    ("Talks stalled. Gunmen seized two Malians near Mopti.", "Custody", "patient", "Malians"),
])
def test_who_is_taken(sentence, event_type, role, label):
    assert label in roles_of(sentence, event_type)[role]


@pytest.mark.parametrize("sentence,event_type,role,label", [
    # capitals joined as subjects each stand for their state
    ("Talks stalled. Washington and Tokyo agreed to expand joint naval exercises.", "Agreement", "agent", "Japan"),
    # who is asked to act in a that-clause is whom a demand is made to
    ("Talks stalled. Tanaka demanded that Beijing withdraw the ships immediately.", "Request", "patient", "China"),
    # a demonym opening a phrase is the state of the forces its compound names
    ("Talks stalled. Four Chinese coast guard vessels sailed into the strait.", "MilitaryDeployment", "agent",
     "Armed forces of China"),
])
def test_actors_named_by_place_and_clause(sentence, event_type, role, label):
    assert label in roles_of(sentence, event_type)[role]


def test_a_dateline_with_a_country_and_a_date_is_no_actor():
    roles = roles_of("KARACHI, Pakistan, Aug 9 (Wire) - Gunmen stormed a police post on Friday, killing four officers.",
                     "Death")
    assert roles["agent"] == {"gunmen"}


def test_also_makes_another_act_not_a_retelling():
    text = "Ghana and Togo signed a trade pact on Monday. The two countries also agreed on Monday to open a rail link."
    assert [t for t, _ in events_of(text)].count("Agreement") == 2


@pytest.mark.parametrize("sentence,event_type,agent", [
    ("The rebels said they had handed over 20 hostages to the Red Cross.", "Repatriation", "rebels"),
    ("Iran said it had arrested two spies on Monday.", "Custody", "Iran"),
])
def test_the_speakers_pronoun_is_the_speaker(sentence, event_type, agent):
    # "X said it/they ...": the subject pronoun of what a body says is that body; the particle of
    # "handed over 20" is the verb's, though the parser reads "over 20" as a count
    assert roles_of(sentence, event_type)["agent"] == {agent}


def test_a_person_says_it_is_no_speaker_pronoun():
    assert "agent" not in roles_of("John Smith said it was bombed on Monday.", "Attack")


def test_harm_told_after_an_attack_happened_where_it_was():
    text = "Gunmen attacked a village near Kalo on Monday. Seven villagers were killed."
    assert roles_of(text, "Death")["place"] == {"Kalo"}
    text = "Gunmen attacked a village near Kalo on Monday. Two men died in Bamako on Friday."
    assert roles_of(text, "Death")["place"] == {"Bamako"}  # its own place


def test_members_of_a_named_organization_act_for_it():
    # "X fighters": a group affiliated to the organization X, which is an agent of what they do
    text = "Kanem Sayyaf commanders met on Monday. Kanem Sayyaf fighters attacked the base on Tuesday."
    assert "Kanem Sayyaf" in roles_of(text, "Attack")["agent"]


def test_a_story_of_one_incident_places_its_later_fighting_there():
    text = (
        "Gunmen attacked a village near Tula on Monday. Police arrived hours later. "
        "Officers searched the homes. A gun battle then broke out."
    )
    later = [r for t, r in events_of(text) if t == "Attack" and not r.get("agent")]
    assert later and all(r.get("place") == {"Tula"} for r in later), events_of(text)


def test_a_story_of_two_incidents_lends_neither_place():
    text = (
        "Gunmen attacked a village near Tula on Monday. On Tuesday, rebels attacked a market in Vado. "
        "Officers searched the homes. A gun battle then broke out."
    )
    later = [r for t, r in events_of(text) if t == "Attack" and not r.get("agent")]
    assert later and not any(r.get("place") for r in later), events_of(text)


def test_the_attackers_of_an_earlier_sentence_are_not_the_killers():
    # the dead may be the attackers' own men: only the attack's own sentence says who killed
    roles = [r for t, r in events_of("Troops attacked the base on Monday. Two soldiers were killed.") if t == "Death"]
    assert roles and not any(r.get("agent") for r in roles), roles


def test_a_place_word_the_name_follows_names_that_place_whatever_the_parse():
    """ "in the Armenian capital Yerevan": the parser may hang the name on the verb instead of the
    noun it names; the noun the name follows at once is that place."""
    from spacy.tokens import Doc

    from kg.extract.events import EventExtractor
    from kg.extract.mentions import EntityIndex
    from kg.extract.nlp import load_nlp
    from kg.knowledge.ontology import load_ontology
    from kg.model import Entity, Mention

    words = ["Crowds", "marched", "in", "the", "old", "capital", "Tarvo", "."]
    heads = [1, 1, 1, 5, 5, 2, 1, 1]  # "Tarvo" hung on the verb, as the parser sometimes does
    deps = ["nsubj", "ROOT", "prep", "det", "amod", "pobj", "npadvmod", "punct"]
    pos = ["NOUN", "VERB", "ADP", "DET", "ADJ", "NOUN", "PROPN", "PUNCT"]
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=deps, pos=pos,
              lemmas=[w.lower() for w in words])
    idx = EntityIndex()
    idx.add(Entity("tarvo", "City", "Tarvo"), Mention(doc[6].idx, doc[6].idx + 5, "Tarvo"), range(6, 7))
    ex = EventExtractor(load_ontology())
    assert ex._named_after(doc[5], idx) == "tarvo"
    assert ex._named_after(doc[0], idx) is None


def test_they_opening_a_sentence_goes_on_with_a_passive_subject_too():
    found = [r for t, r in events_of("The sailors were freed on Sunday. They were handed over to the navy in Aden.")
             if t == "Repatriation"]
    assert len(found) == 2 and all("sailors" in r.get("patient", set()) for r in found), found


@pytest.mark.parametrize("sentence,patient", [
    ("Two crewmembers were injured on Monday.", "crewmembers"),
    ("Three service members were killed in the blast on Monday.", "service members"),
    ("Four servicemembers were wounded near the border on Friday.", "servicemembers"),
])
def test_words_for_service_and_crew_members_wordnet_lacks_are_people(sentence, patient):
    found = [r for _, r in events_of(sentence) if r.get("patient")]
    assert found and patient in found[0]["patient"], events_of(sentence)


@pytest.mark.parametrize("sentence,event", [
    ("Troops entered the town of Kelsa, where they arrested two men.", "Custody"),
    ("The freed soldiers are in Tunga, where they are receiving medical assistance.", "MedicalTreatment"),
])
def test_a_clause_opened_by_where_happens_at_the_place_it_modifies(sentence, event):
    assert roles_of(sentence, event).get("place"), events_of(sentence)
