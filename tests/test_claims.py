"""Claims: (sentence, expected claims) pairs, asserting whole claim tuples.

Each rule has the seed's own wording and at least one sentence written here that says the
same in other words (passive voice, another verb, the subject in the sentence before, a
negation), so that the rules are tested on the phenomenon, not on one sentence.
"""
from __future__ import annotations

import pytest

from .helpers import candidates_of, claims_of as claim_records_of, rules_extractor

ICS, ICB, ICP = "integrated care system", "integrated care board", "integrated care partnership"
CCG, STP = "clinical commissioning group", "sustainability and transformation partnership"
WHITE_PAPER = "Integration and innovation: working together to improve health and social care for all"


def claims_of(text: str, published: str | None = None) -> list[tuple]:
    return [(c.subject, c.predicate, c.event or c.object or (c.value_min, c.value_max), c.date_start,
             c.modality, c.negated, c.holder) for c in claim_records_of(text, published)]


CASES = [
    # has_population
    ("They aim to deliver improvements for a defined area (of around 1-3 million people).",
     [], "no antecedent: no subject"),
    ("Integrated care systems cover 1-3 million people.",
     [(ICS, "has_population", (1_000_000, 3_000_000), None, "fact", 0, None)], "seed wording"),
    ("Each place-based partnership typically covers a population of around 250,000 to 500,000 people.",
     [("place-based partnership", "has_population", (250_000, 500_000), None, "fact", 0, None)], "other verb"),
    ("Primary care networks serve up to 50,000 patients each.",
     [("primary care network", "has_population", (None, 50_000), None, "fact", 0, None)], "open bound"),
    # has_count
    ("There are 42 integrated care systems in England.",
     [(ICS, "has_count", (42, 42), None, "fact", 0, None)], "seed wording"),
    ("The country now has 42 integrated care boards.",
     [(ICB, "has_count", (42, 42), None, "fact", 0, None)], "other verb"),
    ("Mergers of CCGs have seen the number reduce from 211 in 2013 to 195 now.",
     [(CCG, "has_count", (211, 211), None, "fact", 0, None), (CCG, "has_count", (195, 195), None, "fact", 0, None)],
     "two counts at two times"),
    ("Only 12 of the 34 ICSs which responded said so.", [], "a subset is no total"),
    # dated
    ("The White Paper was published on 11 February 2021.",
     [(WHITE_PAPER, "dated", "published", "2021-02-11", "fact", 0, None)], "seed wording"),
    ("The Long Term Plan appeared in January 2019.",
     [("NHS Long Term Plan", "dated", "published", "2019-01-01", "fact", 0, None)], "other verb"),
    ("ICSs became statutory bodies on 1 July 2022.",
     [(ICS, "dated", "effective", "2022-07-01", "fact", 0, None), (ICS, "has_status", "statutory", None, "fact", 0, None)],
     "seed wording"),
    ("The ICB will be created on 1 July 2022. It will be responsible for NHS strategic planning.",
     [(ICB, "dated", "effective", "2022-07-01", "plan", 0, None),
      (ICB, "has_duty", "plan_and_fund_services", None, "plan", 0, None)], "pronoun in the next sentence"),
    ("Royal assent for the Health and Care Bill came in April 2022.",
     [("Health and Care Bill", "dated", "royal_assent", "2022-04-01", "fact", 0, None)], "royal assent"),
    ("All parts of England must be covered by an ICS by April 2021.",
     [(ICS, "dated", "deadline", "2021-04-01", "requirement", 0, None)], "deadline"),
    ("By April 2021, England had been divided into 42 ICS areas.",
     [(ICS, "has_count", (42, 42), None, "fact", 0, None)], "past 'by' is no deadline"),
    # replaces
    ("The ICS NHS body will take on the commissioning function of clinical commissioning groups, which will be abolished.",
     [(ICB, "replaces", CCG, None, "plan", 0, None)], "seed wording"),
    ("Clinical commissioning groups will be replaced by integrated care boards.",
     [(ICB, "replaces", CCG, None, "plan", 0, None)], "passive"),
    ("Integrated care boards took over the functions of clinical commissioning groups.",
     [(ICB, "replaces", CCG, None, "fact", 0, None)], "other verb"),
    ("Sustainability and transformation partnerships will be superseded by integrated care systems.",
     [(ICS, "replaces", STP, None, "plan", 0, None)], "passive, other verb"),
    # part_of
    ("An ICS consists of an ICS NHS body and an ICS Health and Care Partnership.",
     [(ICB, "part_of", ICS, None, "fact", 0, None), (ICP, "part_of", ICS, None, "fact", 0, None)], "seed wording"),
    ("Under the proposals, a statutory ICS would be led by an integrated care board and an integrated care partnership.",
     [(ICB, "part_of", ICS, None, "proposal", 0, None), (ICP, "part_of", ICS, None, "proposal", 0, None),
      (ICS, "has_status", "statutory", None, "proposal", 0, None)], "proposal, status from the adjective"),
    ("Integrated care boards sit within integrated care systems.",
     [(ICB, "part_of", ICS, None, "fact", 0, None)], "other verb"),
    # accountable_to
    ("The ICB is accountable to NHS England for NHS spending.",
     [(ICB, "accountable_to", "NHS England", None, "fact", 0, None)], "seed wording"),
    ("Integrated care boards were established in July 2022. They are accountable to NHS England.",
     [(ICB, "dated", "effective", "2022-07-01", "fact", 0, None), (ICB, "accountable_to", "NHS England", None, "fact", 0, None)],
     "subject in the sentence before"),
    ("Why should integrated care boards be accountable to NHS England?",
     [(ICB, "accountable_to", "NHS England", None, "question", 0, None)], "question"),
    # has_duty
    ("NHS Trusts will have a duty to have regard to the system's financial objectives.",
     [("NHS trust", "has_duty", "regard_to_financial_objectives", None, "requirement", 0, None)], "seed wording"),
    ("Foundation trusts must also have regard to the financial objectives of the system.",
     [("foundation trust", "has_duty", "regard_to_financial_objectives", None, "requirement", 0, None)], "paraphrase"),
    ("Integrated care boards are responsible for planning and funding most NHS services in their area.",
     [(ICB, "has_duty", "plan_and_fund_services", None, "fact", 0, None)], "responsible for"),
    ("A new legal duty is proposed on integrated care boards to have regard to the system's financial objectives.",
     [(ICB, "has_duty", "regard_to_financial_objectives", None, "proposal", 0, None)],
     "a bare 'new legal duty' is named by what follows"),
    ("NHS England set integrated care boards a deadline of March 2023 to publish an integrated care strategy.",
     [(ICB, "dated", "deadline", "2023-03-01", "requirement", 0, None),
      (ICB, "has_duty", "integrated_care_strategy", None, "requirement", 0, None)], "a deadline to do something"),
    ("Integrated care boards were asked by NHS England to produce a five-year plan.",
     [(ICB, "has_duty", "five_year_plan", None, "requirement", 0, None)], "asked to"),
    ("The Bill places a new duty to collaborate on NHS trusts, foundation trusts and integrated care boards.",
     [("NHS trust", "has_duty", "duty_to_collaborate", None, "requirement", 0, None),
      ("foundation trust", "has_duty", "duty_to_collaborate", None, "requirement", 0, None),
      (ICB, "has_duty", "duty_to_collaborate", None, "requirement", 0, None)], "a duty on a list of bodies"),
    # raises_concern
    ("Some GPs fear a loss of autonomy.",
     [(None, "raises_concern", "autonomy", None, "fact", 0, "GPs")], "seed wording"),
    ("Campaigners argued that this could lead to privatisation.",
     [(None, "raises_concern", "privatisation", None, "fact", 0, "Campaigners")],
     "other verb; a worry about what could happen is raised as a fact"),
    ("The Nuffield Trust published a report in March. They argue that the consultation on the new contract was insufficient.",
     [(None, "raises_concern", "local_voice", None, "fact", 0, "Nuffield Trust")],
     "'They argue': the body pointed to holds the concern, it is not its subject"),
    ("Integrated care boards were set up in 2022. It is clear that the reorganisation has been widely criticised.",
     [(ICB, "dated", "effective", "2022-01-01", "fact", 0, None), (None, "raises_concern", "bureaucracy", None, "fact", 0, None)],
     "an expletive 'it' points to nothing"),
    ("Integrated care boards were set up in 2022. It is not accountable to local councils.",
     [(ICB, "dated", "effective", "2022-01-01", "fact", 0, None),
      (ICB, "accountable_to", "local authority", None, "fact", 1, None)], "a referring 'it' still does"),
    ("Comments under the HSJ article suggest that many integrated care boards are already in deficit.",
     [(ICB, "raises_concern", "funding", None, "fact", 0, "Health Service Journal")],
     "the publication that suggests is the holder; 'suggest that' reports, it does not propose"),
    ("The report suggested replacing clinical commissioning groups with integrated care boards.",
     [(ICB, "replaces", CCG, None, "proposal", 0, None)], "replacing X with Y"),
    # merges_with
    ("NHS England and NHS Improvement are to merge.",
     [("NHS England", "merges_with", "NHS Improvement", None, "plan", 0, None)], "seed wording"),
    ("The government plans to merge NHS England and NHS Improvement.",
     [("NHS England", "merges_with", "NHS Improvement", None, "plan", 0, None)], "other order"),
    # has_status
    ("Integrated care partnerships are statutory committees.",
     [(ICP, "has_status", "statutory", None, "fact", 0, None)], "seed wording"),
    ("Before 2022, ICSs were voluntary partnerships with no statutory basis.",
     [(ICS, "has_status", "non_statutory", None, "fact", 0, None)], "no double negation"),
    ("Primary care networks do not have a statutory basis.",
     [("primary care network", "has_status", "statutory", None, "fact", 1, None)], "negation"),
    ("The White Paper proposes the introduction of statutory integrated care systems.",
     [(ICS, "has_status", "statutory", None, "proposal", 0, None)], "proposal"),
    ("According to the Health Service Journal, integrated care boards are set up to fail if appropriate resourcing does not follow.",
     [(ICB, "raises_concern", "funding", None, "fact", 0, "Health Service Journal")],
     "who reports a concern is its holder, not what it is about"),
    # part_of: members listed after the whole, or a member joining its whole
    ("Every NHS trust is expected to join a provider collaborative.",
     [("NHS trust", "has_duty", "join_provider_collaborative", None, "requirement", 0, None),
      ("NHS trust", "part_of", "provider collaborative", None, "requirement", 0, None)], "joining"),
    ("Integrated care partnerships bring together local authorities and NHS trusts to plan services.",
     [("local authority", "part_of", ICP, None, "fact", 0, None), ("NHS trust", "part_of", ICP, None, "fact", 0, None)],
     "a list of members"),
    ("NHS trusts in an integrated care system will be part of a provider collaborative.",
     [("NHS trust", "part_of", "provider collaborative", None, "plan", 0, None)], "the member, not the body it sits in"),
    ("Integrated care boards work with partners (including local authorities) on prevention.",
     [], "'including' after a word that is no body"),
    ("Every ICS, according to the Department of Health and Social Care, must involve local authorities and NHS trusts.",
     [(ICS, "has_duty", "involve_local_authorities_nhs_trusts", None, "requirement", 0, None),
      ("local authority", "part_of", ICS, None, "requirement", 0, None),
      ("NHS trust", "part_of", ICS, None, "requirement", 0, None)],
     "the body reporting it is neither the whole nor the duty holder"),
    # dated: the event from the words around the date, the subject from what the event is about
    ("The 2019 NHS Long Term Plan promised integrated care everywhere.",
     [("NHS Long Term Plan", "dated", "published", "2019-01-01", "fact", 0, None)], "a date naming a plan"),
    ("On 11 February 2021 the government published the White Paper.",
     [(WHITE_PAPER, "dated", "published", "2021-02-11", "fact", 0, None)], "active voice: the paper, not the publisher"),
    ("A report on the reforms was published by the Health Service Journal in May 2022.",
     [], "a body is not what is published; 'May' is a month"),
    ("NHS England set integrated care boards a deadline of the end of March 2023 to agree their plans.",
     [(ICB, "dated", "deadline", "2023-03-21", "requirement", 0, None),
      (ICB, "has_duty", "agree_plans", None, "requirement", 0, None)], "deadline for the body given it"),
    ("Integrated care boards were told by NHS England to publish their plans by June 2023.",
     [(ICB, "dated", "deadline", "2023-06-01", "requirement", 0, None),
      (ICB, "has_duty", "five_year_plan", None, "requirement", 0, None)], "passive instruction"),
    ("The abolition of clinical commissioning groups in July 2022 ended thirty years of commissioning.",
     [(CCG, "dated", "abolished", "2022-07-01", "fact", 0, None)], "the event as a noun"),
    ("The Long Term Plan confirmed that every area would be covered by an integrated care system from April 2021.",
     [(ICS, "dated", "effective", "2021-04-01", "plan", 0, None)], "reported 'would' is a plan"),
    ("The white paper said that by 2024 every part of England will be covered by integrated care boards.",
     [(ICB, "dated", "deadline", "2024-01-01", "plan", 0, None)], "the subject after the date"),
    ("New integrated care boards will take over the remaining commissioning functions of the clinical commissioning "
     "groups by April 2023.",
     [(ICB, "dated", "deadline", "2023-04-01", "plan", 0, None), (ICB, "replaces", CCG, None, "plan", 0, None)],
     "'will' far from its deadline"),
    ("The ICBs were told by NHS England to agree joint forward plans with their partners, covering the next five "
     "years of services, by the end of June 2023.",
     [(ICB, "dated", "deadline", "2023-06-21", "requirement", 0, None),
      (ICB, "has_duty", "agree_joint_forward_plans_partners", None, "requirement", 0, None)],
     "'were told' is no report; instruction far back"),
    ("Celebrating the 75th anniversary of the creation of the NHS in 2023, the government published a workforce plan.",
     [], "an anniversary's year is not the event's"),
    ("In June 2022, a senior manager of an integrated care board was appointed by the Department of Health and "
     "Social Care.", [], "bodies named in passing did nothing on that date"),
    ("In May 2023, Jane Smith, chief executive of Surrey Heartlands ICS, was appointed by NHS England to lead a review "
     "of how ICSs work.", [], "no body did it: a named body in passing, the appointer, a body after the clause"),
    ("NHS England opened its review of the regulations in March 2021.",
     [("NHS England", "dated", "other", "2021-03-01", "fact", 0, None)], "an act by a body"),
]


CASES += [
    # a body named again by its common noun ("the boards", "each system") or told to act as "them"
    ("Integrated care boards replaced CCGs. Each board covers between 500,000 and 3 million people.",
     [(ICB, "replaces", CCG, None, "fact", 0, None), (ICB, "has_population", (500_000, 3_000_000), None, "fact", 0, None)],
     "'each board' is the boards named before"),
    ("Integrated care boards plan most NHS services. The Health and Care Act 2022 put the boards on a statutory footing.",
     [(ICB, "has_status", "statutory", None, "fact", 0, None)], "'the boards' in the middle of a sentence"),
    ("NHS trusts will join provider collaboratives. Integrated care boards were created in 2022. "
     "The boards are accountable to NHS England.",
     [("NHS trust", "part_of", "provider collaborative", None, "plan", 0, None),
      (ICB, "dated", "effective", "2022-01-01", "fact", 0, None), (ICB, "accountable_to", "NHS England", None, "fact", 0, None)],
     "'the boards' are the latest boards, not the latest body"),
    ("Integrated care systems were formed in 2018. NHS England has told them to cut running costs by 2025.",
     [(ICS, "dated", "effective", "2018-01-01", "fact", 0, None),
      (ICS, "dated", "deadline", "2025-01-01", "requirement", 0, None),
      (ICS, "has_duty", "cut_running_costs", None, "requirement", 0, None)], "'told them to': them, not the teller"),
    ("NHS England and NHS Improvement asked the Government to put integrated care systems on a statutory footing.",
     [(ICS, "has_status", "statutory", None, "proposal", 0, None)], "asking someone unnamed gives the asker no duty"),
    # merges_with, holders, plans
    ("In July 2022 NHS England absorbed NHS Improvement.",
     [("NHS England", "dated", "merged", "2022-07-01", "fact", 0, None),
      ("NHS England", "merges_with", "NHS Improvement", None, "fact", 0, None)], "absorbed"),
    ("The Local Government Association has warned that councils could be sidelined.",
     [("local authority", "raises_concern", "local_voice", None, "fact", 0, "Local Government Association")],
     "an association named after a registry body holds the concern"),
    ("Some GP leaders fear that practices will lose their independence.",
     [(None, "raises_concern", "autonomy", None, "fact", 0, "GP leaders")], "a group of leaders holds the concern"),
    ("Since 2022 integrated care boards have planned and paid for most hospital care.",
     [(ICB, "dated", "other", "2022-01-01", "fact", 0, None)], "'have planned' is done, not a plan"),
    ("The Health and Care Bill was introduced to Parliament in July 2021 and became law in April 2022. "
     "Its main provisions came into force on 1 July 2022.",
     [("Health and Care Bill", "dated", "other", "2021-07-01", "fact", 0, None),
      ("Health and Care Bill", "dated", "effective", "2022-04-01", "fact", 0, None),
      ("Health and Care Bill", "dated", "effective", "2022-07-01", "fact", 0, None)],
     "a law comes into force, not the body beside it; each verb keeps its own date"),
    ("Integrated care partnerships bring together councils and trusts. The partnership is a statutory joint committee.",
     [("local authority", "part_of", ICP, None, "fact", 0, None), ("NHS trust", "part_of", ICP, None, "fact", 0, None),
      (ICP, "has_status", "statutory", None, "fact", 0, None),
      ("joint committee", "has_status", "statutory", None, "fact", 0, None)], "'is a statutory ...'"),
    ("Each integrated care board is overseen by NHS England and must produce an annual report.",
     [(ICB, "has_duty", "produce_annual_report", None, "requirement", 0, None),
      (ICB, "accountable_to", "NHS England", None, "fact", 0, None)], "the overseer is no duty holder"),
    ("Primary care networks sit within integrated care systems and typically serve 30,000 to 50,000 patients.",
     [("primary care network", "has_population", (30_000, 50_000), None, "fact", 0, None),
      ("primary care network", "part_of", ICS, None, "fact", 0, None)], "the population of the subject, not of its whole"),
    ("The Long Term Plan said every area would be covered by an integrated care system by April 2021.",
     [(ICS, "dated", "deadline", "2021-04-01", "plan", 0, None)], "a reported 'would' without 'that'"),
    ("Until 2022, integrated care systems had no legal basis.",
     [(ICS, "has_status", "non_statutory", None, "fact", 0, None)], "no legal basis"),
    ("Option two: integrated care systems would become statutory bodies.",
     [(ICS, "has_status", "statutory", None, "proposal", 0, None)], "an option is a proposal"),
    ("Clinical commissioning groups would have to merge to match integrated care system footprints.",
     [(CCG, "has_duty", "merge_coterminous", None, "proposal", 0, None)], "'would have to' is proposed, not required"),
    ("Every integrated care board should involve local authorities.",
     [("local authority", "part_of", ICB, None, "requirement", 0, None)], "'should' is a requirement"),
    ("Integrated care boards plan services. These ICSs developed out of the STP areas.",
     [(ICS, "replaces", STP, None, "fact", 0, None)], "'These ICSs' names its subject; 'developed out of'"),
    ("NHS England leads the NHS. This body is accountable to Parliament.",
     [("NHS England", "accountable_to", "Parliament", None, "fact", 0, None)], "'This body' is the subject before"),
    ("Parliament will decide how NHS England and NHS Improvement will be held to account by the Secretary of State "
     "and Parliament.",
     [("NHS England", "accountable_to", "Parliament", None, "plan", 0, None),
      ("NHS Improvement", "accountable_to", "Parliament", None, "plan", 0, None)], "a list held to account"),
    ("The BMA has raised concerns that integrated care boards lack transparency.",
     [(ICB, "raises_concern", "accountability", None, "fact", 0, "British Medical Association")],
     "a body that raises concerns holds them"),
    ("Some commentators question whether the new structures will reduce waiting lists.",
     [(None, "raises_concern", "rationing", None, "fact", 0, "commentators")], "question whether"),
    ("Staff shortages remain the biggest risk to the plans, according to the Nuffield Trust.",
     [(None, "raises_concern", "workforce", None, "fact", 0, "Nuffield Trust")], "shortages; the reporter holds it"),
    ("Patients' groups say there is little evidence that integration saves money.",
     [(None, "raises_concern", "evidence", None, "fact", 0, None)], "on a tie the topic named first"),
    ("Monitor was abolished in 2016.",
     [("Monitor", "dated", "abolished", "2016-01-01", "fact", 0, None),
      ("NHS Improvement", "replaces", "Monitor", None, "fact", 0, None)], "a registry successor"),
    ("NHS England will be held to account both by the Secretary of State for Health and Social Care and by parliament.",
     [("NHS England", "accountable_to", "Secretary of State for Health and Social Care", None, "plan", 0, None),
      ("NHS England", "accountable_to", "Parliament", None, "plan", 0, None)], "'both by X and by Y'; parliament in lower case"),
    ("Since 2023, 42 integrated care boards have commissioned most hospital care.",
     [(ICB, "has_count", (42, 42), None, "fact", 0, None), (ICB, "dated", "other", "2023-01-01", "fact", 0, None)],
     "a clause that opens with the number is a total"),
    ("Clinical commissioning groups were replaced by 42 integrated care boards. The boards took on the commissioning "
     "functions of the CCGs.",
     [(ICB, "has_count", (42, 42), None, "fact", 0, None), (ICB, "replaces", CCG, None, "fact", 0, None),
      (ICB, "replaces", CCG, None, "fact", 0, None)],
     "'replaced by 42 X' is a total; 'took on the functions of' says the replacement again, in its own sentence"),
    ("Integrated care boards are NHS bodies and must publish an annual report.",
     [(ICB, "has_duty", "publish_annual_report", None, "requirement", 0, None)], "the complement of 'are' is no duty holder"),
    ("The NHS Five Year Forward View, published in October 2014, first proposed new care models.",
     [("NHS Five Year Forward View", "dated", "published", "2014-10-01", "fact", 0, None)],
     "what follows the date is another statement: the publication is a fact"),
    ("Sustainability and transformation partnerships were created in 2016 and covered 44 areas of England.",
     [(STP, "has_count", (44, 44), None, "fact", 0, None),
      (STP, "dated", "effective", "2016-01-01", "fact", 0, None)], "'covered 44 areas'"),
    ("From April 2023 integrated care boards are expected to publish annual reports.",
     [(ICB, "dated", "effective", "2023-04-01", "requirement", 0, None),
      (ICB, "has_duty", "publish_annual_reports", None, "requirement", 0, None)],
     "what starts 'from' a date is read with the words after it"),
    ("Two ICSs – Greater Manchester and Surrey Heartlands – have agreed further devolution deals.",
     [], "a number followed by examples is no total"),
    ("Three integrated care boards reported deficits last year.",
     [(ICB, "raises_concern", "funding", None, "fact", 0, None)],
     "a small number opening a sentence is no total; boards that report deficits have them, they are no reporter"),
    ("Integrated care boards plan services. Many already report deficits, and NHS England has told them to cut costs.",
     [(ICB, "has_duty", "cut_costs", None, "requirement", 0, None), (None, "raises_concern", "funding", None, "fact", 0, None)],
     "a body in the next clause is not what the concern is about"),
    ("The Health Service Journal reported that five systems cannot balance their budgets.",
     [(None, "raises_concern", "funding", None, "fact", 0, "Health Service Journal")], "cannot balance"),
]


@pytest.mark.parametrize("sentence,expected,why", CASES, ids=[f"{c[2]}: {c[0][:40]}" for c in CASES])
def test_claims(sentence, expected, why):
    assert claims_of(sentence) == expected


def claim_records(text: str, published: str | None):
    """The Claim records of a whole text, qualifiers included."""
    return claim_records_of(text, published)


def test_as_of_is_an_explicit_date_else_the_published_date():
    claims = claim_records("In 2013 there were 211 clinical commissioning groups. "
                           "There are 42 integrated care systems in England.", "2023-05")
    assert [(c.subject, c.as_of_start, c.as_of_end) for c in claims] == [
        (CCG, "2013-01-01", "2013-12-31"), (ICS, "2023-05-01", "2023-05-31")]


def test_a_count_now_speaks_of_the_document_time_not_of_the_earlier_year_beside_it():
    claims = claim_records("Mergers of CCGs have seen the number reduce from 211 in 2013 to 195 now.", "2020-06")
    assert [(c.value_min, c.as_of_start, c.as_of_end) for c in claims] == [
        (211, "2013-01-01", "2013-12-31"), (195, "2020-06-01", "2020-06-30")]


def test_as_of_without_published_date_is_bounded_by_the_events_reported():
    text = ("The plan was published in January 2019. ICSs will become statutory in July 2022. "
            "There are 42 integrated care systems.")
    sentences, entities, _ = candidates_of(text)
    assert rules_extractor().claims.document_as_of(None, entities, sentences) == ("2019-01-01", "2022-07-01")
