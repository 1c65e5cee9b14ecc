package benchgen

// The vocabulary below is written in the register of the bundled corpus:
// prosecution guidance on stalking, harassment and the orders that go with
// them. Sentences in the ordinary banks are meant to be clean (no deprecated
// wording, acronyms expanded at first use through the acronym slots, breach
// discussed only in breach sections with its context), so that the findings
// on a generated corpus come from the defects planted on purpose plus
// whatever the rules make of ordinary prose.
//
// Slots in braces are filled per sentence: {victim}, {suspect}, {Prosecutors},
// {court}, {place}, {case}, {evidence}, {conduct}, {period}, {agency},
// {month}, {year}; {SPO}, {ISAC}, {IDVA}, {CCB} give the expansion with the
// acronym at a document's first use and the acronym after that.

// subject is what a document is about: its title stem, topic and the
// section kinds that suit it.
type subject struct {
	title string
	topic string
}

var subjects = []subject{
	{"Stalking", "Offences"},
	{"Harassment", "Offences"},
	{"Stalking and harassment", "Offences"},
	{"Cyberstalking", "Offences"},
	{"Stalking by proxy", "Offences"},
	{"Stalking involving fear of violence", "Offences"},
	{"Putting people in fear of violence", "Offences"},
	{"Harassment of a person in their home", "Offences"},
	{"Controlling or coercive behaviour", "Domestic abuse"},
	{"Domestic abuse", "Domestic abuse"},
	{"Economic abuse", "Domestic abuse"},
	{"Restraining orders", "Orders"},
	{"Restraining orders on acquittal", "Orders"},
	{"Stalking Protection Orders", "Orders"},
	{"Interim Stalking Protection Orders", "Orders"},
	{"Breach of protective orders", "Orders"},
	{"Bail and remand", "Courts"},
	{"Charging stalking offences", "Charging"},
	{"Selecting the charge", "Charging"},
	{"Evidence in stalking cases", "Evidence"},
	{"Digital evidence", "Evidence"},
	{"Disclosure", "Evidence"},
	{"Victims and witnesses", "Victims"},
	{"Special measures", "Victims"},
	{"Victim Personal Statements", "Victims"},
	{"Sentencing", "Sentencing"},
	{"Ancillary orders", "Sentencing"},
	{"Youth cases", "Youth justice"},
	{"Racially or religiously aggravated offences", "Offences"},
	{"Case review", "Charging"},
}

var qualifiers = []string{
	"in domestic settings",
	"between former partners",
	"by strangers",
	"in the workplace",
	"involving social media",
	"involving tracking devices",
	"across force boundaries",
	"in rural areas",
	"involving young people",
	"involving family members",
	"where the suspect is a professional",
	"after a relationship ends",
	"involving neighbours",
	"involving students",
	"involving public figures",
	"with multiple victims",
	"by groups",
	"in prisons",
	"involving online gaming",
	"involving image-based abuse",
	"where the victim has moved away",
	"where the suspect lives abroad",
	"at the pre-charge stage",
	"at the first hearing",
	"at trial",
	"on appeal",
	"practical points",
	"a casework guide",
	"questions and answers",
	"checklist for reviewing lawyers",
}

var owners = []string{
	"Legal Guidance Team",
	"Policy Directorate",
	"Domestic Abuse Policy Lead",
	"Stalking and Harassment Lead",
	"Victims and Witnesses Team",
	"Casework Quality Unit",
	"Youth Justice Team",
	"Sentencing Policy Team",
	"Digital Evidence Unit",
	"Area Operations",
}

var places = []string{
	"Leeds", "Bristol", "Norwich", "Carlisle", "Truro", "Derby", "Ipswich", "Lincoln", "Exeter", "Durham",
	"Preston", "Swansea", "Cardiff", "Wrexham", "Hull", "Sheffield", "Reading", "Luton", "Oxford", "Cambridge",
	"Canterbury", "Chelmsford", "Worcester", "Hereford", "Shrewsbury", "Stoke-on-Trent", "Wolverhampton", "Coventry",
	"Leicester", "Nottingham", "Northampton", "Peterborough", "Lancaster", "Kendal", "Barrow-in-Furness", "Scarborough",
	"York", "Harrogate", "Bradford", "Huddersfield", "Wakefield", "Doncaster", "Grimsby", "Boston", "King's Lynn",
	"Great Yarmouth", "Colchester", "Southend-on-Sea", "Maidstone", "Brighton", "Hastings", "Portsmouth", "Southampton",
	"Bournemouth", "Salisbury", "Swindon", "Gloucester", "Cheltenham", "Taunton", "Plymouth", "Barnstaple", "Aberystwyth",
	"Bangor", "Newport", "Merthyr Tydfil", "Middlesbrough", "Sunderland", "Newcastle", "Blackpool", "Bolton", "Wigan",
}

var surnames = []string{
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
	"Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
	"Patel", "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis", "Rodriguez",
	"Cox", "Alexander", "Morgan", "Moore", "Lee", "Hughes", "Edwards", "Hill", "Harris", "Martin",
	"Cooper", "Ward", "Turner", "Parker", "Collins", "Morris", "Bennett", "Cook", "Bailey", "Kelly",
	"Okafor", "Nowak", "Kowalski", "Ahmed", "Begum", "Hussain", "Singh", "Kaur", "Murphy", "O'Brien",
}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

var slotWords = map[string][]string{
	"victim":      {"the victim", "the complainant", "the person protected", "the witness", "the victim and their family"},
	"suspect":     {"the suspect", "the defendant", "the perpetrator", "the person accused"},
	"Prosecutors": {"Prosecutors", "The reviewing lawyer", "The prosecutor", "Reviewing lawyers", "The duty prosecutor"},
	"court":       {"the magistrates' court", "the Crown Court", "the court", "the youth court"},
	"evidence":    {"call logs", "screenshots of messages", "doorbell camera footage", "a diary kept by the victim", "statements from neighbours", "location data from a phone", "bank records", "records of social media accounts", "CCTV from nearby shops", "the victim's own notes", "messages sent through a gaming platform", "data from a tracking device", "emails to the victim's employer", "parcels and letters left at the victim's home", "records from the victim's workplace reception", "a recording of voicemails"},
	"conduct":     {"repeated calls at night", "waiting outside the victim's workplace", "sending unwanted gifts", "contacting the victim's friends and family", "monitoring the victim's social media", "turning up at the victim's gym", "creating accounts in the victim's name", "driving past the victim's home", "leaving notes on the victim's car", "posting about the victim online", "ordering goods in the victim's name", "following the victim to the school gates", "using a tracking device hidden in the victim's car", "contacting the victim through a new partner"},
	"period":      {"several weeks", "three months", "six months", "more than a year", "two years", "a long period", "several years"},
	"agency":      {"the police", "the Witness Care Unit", "the probation service", "the local authority", "the victim's advocate", "the National Stalking Helpline", "children's services", "the housing provider"},
}

// Ordinary sentences, by the kind of section they belong to.
var bank = map[sectionKind][]string{
	kindIntro: {
		"This guidance helps prosecutors recognise stalking and harassment and build cases that reflect the whole course of conduct.",
		"It applies to cases in {place} and elsewhere, and should be read with the national guidance on charging.",
		"Stalking is often hidden behind incidents that look minor on their own, so each report should be read against everything that came before it.",
		"The guidance explains the law, the evidence that usually matters and how to support {victim} from the first report to sentence.",
		"Cases where {suspect} was once in a relationship with {victim} make up a large share of the stalking cases prosecutors see.",
		"Many victims report only after {period} of unwanted contact, and the full history often comes out in the first interview.",
		"Recent reviews found that stalking was often recorded as a series of separate incidents rather than as one course of conduct.",
		"This document was revised in {month} {year} to reflect changes in practice and feedback from advocates.",
		"Where a case in {place} raises a point not covered here, prosecutors should ask the area lead for advice.",
		"The aim is the same in every case: the right charge, a timely decision and protection for {victim}.",
		"Prosecutors should look for behaviour such as {conduct} and read it together with other reports.",
		"The guidance is written for prosecutors, but police officers and advocates may find it useful too.",
	},
	kindLaw: {
		"The Protection from Harassment Act 1997 sets out the offences of harassment and stalking and the civil remedies that go with them.",
		"Section 2A of the Protection from Harassment Act 1997 was inserted by the Protection of Freedoms Act 2012 and came into force on 25 November 2012.",
		"A course of conduct must involve conduct on at least two occasions in relation to a single person.",
		"The examples in section 2A(3) are not a closed list, and other acts can be associated with stalking in the circumstances of a case.",
		"The offence under section 4A of the 1997 Act applies where the stalking causes fear of violence or serious alarm or distress.",
		"The test is objective: the question is whether a reasonable person in possession of the same information would think the course of conduct amounted to harassment.",
		"The Stalking Protection Act 2019 created a civil order that the police can apply for without any criminal charge.",
		"The Domestic Abuse Act 2021 defines domestic abuse and makes clear that it covers behaviour beyond physical violence.",
		"The offence of controlling or coercive behaviour under section 76 of the Serious Crime Act 2015 applies where the people involved are personally connected.",
		"The Sentencing Act 2020 gives the court power to make a restraining order on conviction for any offence.",
		"Section 42A of the Criminal Justice and Police Act 2001 covers harassment of a person in their home.",
		"The Crime and Disorder Act 1998 provides racially or religiously aggravated forms of the harassment and stalking offences.",
		"The Policing and Crime Act 2017 increased the maximum sentences on indictment for the offences under sections 4 and 4A.",
		"Conduct includes speech, so messages, calls and posts can all form part of the course of conduct.",
		"The defence that the course of conduct was reasonable in the particular circumstances is for the defendant to raise.",
		"In {case}, the Court of Appeal said that the acts must be read together and not as isolated events.",
		"The leading authority on the meaning of a course of conduct is {case}.",
		"The offence can be committed online as well as in person, and many cases involve both.",
	},
	kindCharging: {
		"{Prosecutors} should select the charge that reflects the seriousness and extent of the offending.",
		"Where the evidence shows stalking, charge stalking rather than harassment so the record shows what happened.",
		"If the conduct caused fear of violence or serious alarm or distress, consider the offence under section 4A of the Protection from Harassment Act 1997.",
		"Do not charge separate incidents as unrelated offences where they are part of one course of conduct.",
		"Early advice from a prosecutor helps the police gather the evidence needed for the right charge.",
		"Where the time limit for a summary offence is close, consider whether an either-way offence fits the evidence.",
		"The charge should cover the whole period of the conduct, from the first incident to the last.",
		"{Prosecutors} should record the reasons for the charging decision on the file.",
		"If the suspect is charged with a lesser offence, the file should explain why the more serious offence was not charged.",
		"Where stalking and controlling or coercive behaviour overlap, consider which charge best reflects the offending.",
		"Charges should not be reduced simply to secure a guilty plea where the evidence supports the more serious offence.",
		"A charging decision in {place} was reviewed after {agency} raised concerns about the risk to {victim}.",
	},
	kindEvidence: {
		"Useful evidence often includes {evidence} and {evidence}.",
		"{Prosecutors} should ask the police to obtain {evidence} early, before it is lost.",
		"A timeline of every incident helps the court see the pattern of behaviour.",
		"The victim's own account of how the conduct affected them is important evidence.",
		"Digital evidence should be downloaded in a way that preserves its integrity.",
		"Where the suspect used false accounts, the police may need to link them to the suspect through subscriber data.",
		"Evidence of {conduct} can show that the acts were associated with stalking.",
		"Bad character evidence may be relevant where the suspect has stalked a previous partner.",
		"Hearsay may be admissible where {victim} cannot give evidence because of fear.",
		"A statement from {agency} can show how the conduct changed over {period}.",
		"The police should record each report as part of the same investigation rather than as a new incident.",
		"Third-party material, such as records held by {agency}, must be considered for disclosure.",
	},
	kindPublicInterest: {
		"A prosecution will usually be required where there is a course of conduct that affects the victim's daily life.",
		"The seriousness of the offending increases where the conduct continued over {period}.",
		"The views of {victim} are important but are not decisive.",
		"Where {victim} withdraws support, {Prosecutors} should consider whether the case can proceed without their evidence.",
		"A history of similar offending makes a prosecution more likely to be required.",
		"Out-of-court disposals are rarely appropriate for stalking.",
		"The impact on children who witnessed the behaviour is a relevant factor.",
		"The public interest test should be applied to the whole course of conduct rather than to each incident alone.",
	},
	kindVictims: {
		"{victim} should be told about every decision that affects them, in plain language.",
		"An advocate can help {victim} understand the process and stay engaged with it.",
		"Special measures, such as giving evidence from behind a screen or by live link, should be considered in every case.",
		"The Victims' Code sets out what {victim} is entitled to at each stage.",
		"{Prosecutors} should meet {victim} before trial where this would help them give their best evidence.",
		"A Victim Personal Statement allows {victim} to explain the effect of the offending on their life.",
		"Where {victim} has moved to a refuge, their new address must not be disclosed.",
		"Support from {agency} should be arranged before the first hearing.",
		"Victims often describe feeling that they are never safe, even at home.",
		"{victim} may need help with safety planning as well as with the court process.",
	},
	kindBail: {
		"Where {suspect} is charged, {Prosecutors} should consider whether to ask for a remand in custody.",
		"Bail conditions should protect {victim}, for example by preventing contact and keeping the suspect away from their home.",
		"Conditions should be clear, specific and possible to enforce.",
		"{Prosecutors} should tell the court about the whole history of the conduct when bail is considered.",
		"The court should be told where {suspect} has ignored earlier warnings from the police.",
		"If bail is granted against the prosecution's objection, consider whether an appeal against the decision is appropriate.",
		"Conditions of bail must not conflict with any order already in place.",
		"A suspect released under investigation has no bail conditions, which may leave {victim} without protection.",
	},
	kindSentencing: {
		"The Sentencing Council's guideline for harassment and stalking applies to the offences under the 1997 Act.",
		"Culpability is higher where the conduct was persistent or planned.",
		"Harm includes psychological harm, such as anxiety, and practical harm, such as having to move home.",
		"{Prosecutors} should make sure the court has the Victim Personal Statement before sentence.",
		"The court should be asked to consider a restraining order on conviction in every stalking case.",
		"A restraining order can also be made on acquittal where it is necessary to protect a person from harassment.",
		"The terms of any order should be drafted with {victim} and the police so that they are clear and workable.",
		"Ancillary orders should be considered alongside the main sentence, not as an afterthought.",
		"Where the offending is aggravated by hostility, the court must treat that as increasing the seriousness of the offence.",
		"In {case}, the sentence was increased because the conduct continued after the first arrest.",
	},
	kindOnline: {
		"Online conduct can form part of a course of conduct in the same way as conduct in person.",
		"Fake accounts, spyware and tracking devices are increasingly common in stalking cases.",
		"{Prosecutors} should ask whether the victim's devices have been checked for spyware.",
		"Platforms may hold evidence for only a limited time, so requests should be made early.",
		"Where the suspect lives outside the jurisdiction, international requests may be needed.",
		"Stalking carried out wholly or partly by electronic means is as serious as stalking in person.",
		"Image-based abuse may be charged alongside stalking where it forms part of the same course of conduct.",
	},
	kindYouth: {
		"Where the suspect is a child, the youth justice system's principal aim of preventing offending applies.",
		"The youth court deals with most cases involving children, including stalking and harassment.",
		"Children may stalk other children, often online and at school.",
		"{Prosecutors} should consider the welfare of both the suspect and the victim where both are children.",
		"The youth offending team may have information about risk that is relevant to charging.",
	},
}

// Sentences that carry acronyms, placed where they fit; the slots expand the
// acronym at a document's first use.
var acronymBank = map[sectionKind][]string{
	kindIntro:      {"The police can apply for the {SPO} to protect {victim} while a case is investigated.", "{victim} may have the support of the {ISAC} throughout the case."},
	kindLaw:        {"The magistrates' court may make the {SPO} where the conditions in section 2 of the Stalking Protection Act 2019 are met.", "The offence of {CCB} under section 76 of the Serious Crime Act 2015 may overlap with stalking."},
	kindCharging:   {"Where the suspect was in an intimate relationship with the victim, consider {CCB} alongside stalking."},
	kindVictims:    {"The {IDVA} may already know the history and the risks.", "Ask whether the {ISAC} has been involved and what they know of the risk."},
	kindBail:       {"Bail conditions should be checked against the terms of the {SPO}, if there is one."},
	kindSentencing: {"Where the {SPO} is already in place, the court should be told about it before it makes a restraining order."},
}

var acronyms = map[string][2]string{
	"SPO":  {"Stalking Protection Order", "SPO"},
	"ISAC": {"Independent Stalking Advocacy Caseworker", "ISAC"},
	"IDVA": {"Independent Domestic Violence Adviser", "IDVA"},
	"CCB":  {"controlling or coercive behaviour", "CCB"},
}

// Breach of an order, always discussed with its context in a breach section.
var breachBank = []string{
	"Where {suspect} breaches a restraining order, the breach may itself be further stalking, part of a wider course of conduct or a sign of escalating risk.",
	"New offences should be charged in addition to the breach where the evidence supports them.",
	"A breach should never be treated as a one-off event; look at the whole pattern of behaviour since the order was made.",
	"Under section 8 of the Stalking Protection Act 2019, breaching a Stalking Protection Order without reasonable excuse is an offence, and a breach may show that the risk to the victim is increasing.",
	"Remand should be considered in the light of the escalation that the breach shows.",
}

// Breach discussed without any of its context: a breach-context defect.
var breachNoContext = []string{
	"Where the defendant breaches the restraining order, prosecutors should put the breach before the court promptly.",
	"If the order is later breached, the police will charge the breach and the case will be listed in the magistrates' court.",
	"A person who breaches a Stalking Protection Order without reasonable excuse commits an offence.",
}

var breachHeadings = []string{"Breach of a restraining order", "Breach of protective orders", "When an order is breached", "Breach"}
var enforcementHeadings = []string{"Enforcement", "Enforcing orders", "After the order is made"}

// Penalty statements, right and (defects) wrong.
var rightPenalties = []string{
	"The offence of stalking under section 2A of the Protection from Harassment Act 1997 is summary only, with a maximum of six months' imprisonment.",
	"The offence under section 4A of the Protection from Harassment Act 1997 is triable either way, with a maximum of 10 years' imprisonment on indictment.",
	"Controlling or coercive behaviour is triable either way, with a maximum of five years' imprisonment on indictment.",
	"Harassment under section 2 of the Protection from Harassment Act 1997 is summary only, with a maximum of six months' imprisonment.",
	"Putting people in fear of violence under section 4 of the Protection from Harassment Act 1997 carries a maximum of 10 years' imprisonment on indictment.",
}

var wrongPenalties = []string{
	"The offence of stalking under section 2A of the Protection from Harassment Act 1997 carries a maximum of five years' imprisonment.",
	"The offence under section 4A of the Protection from Harassment Act 1997 carries a maximum of five years' imprisonment on indictment.",
	"Controlling or coercive behaviour carries a maximum of two years' imprisonment on indictment.",
	"Harassment under section 2 of the Protection from Harassment Act 1997 carries a maximum of twelve months' imprisonment.",
	"Putting people in fear of violence under section 4 of the Protection from Harassment Act 1997 carries a maximum of five years' imprisonment on indictment.",
}

// Restatements that drift from the glossary's definitions (defects).
var driftedDefinitions = []string{
	"Stalking means repeated, unwanted behaviour by one person towards another that causes them fear or distress.",
	"Stalking is a more serious form of harassment in which the victim is made to feel afraid.",
	"Harassment means any behaviour that upsets another person, even on a single occasion.",
	"A Stalking Protection Order means a criminal order made by the Crown Court on conviction to protect a victim.",
	"A course of conduct means conduct on at least three occasions against the same person.",
	"Controlling or coercive behaviour means a single act of control by a partner.",
	"Cyberstalking means any unwanted message sent online.",
	"A restraining order means an order made by a civil court on the application of the victim.",
}

// Glossary terms whose definitions are restated word for word now and then.
var restatedTerms = []string{"stalking", "harassment", "course-of-conduct", "stalking-protection-order", "restraining-order", "cyberstalking", "controlling-or-coercive-behaviour", "escalation-of-risk", "stalking-by-proxy", "serious-alarm-or-distress"}

// Deprecated wording in context (defects). A phrase without a sentence of its
// own here is used through deprecatedFallback.
var deprecatedSentences = map[string][]string{
	"domestic violence":            {"Prosecutors should flag domestic violence cases on the case management system at the first review.", "The local domestic violence forum in {place} meets every month."},
	"stalking prevention order":    {"The police applied for a stalking prevention order after the second incident."},
	"stalking order":               {"The court made a stalking order to protect {victim}."},
	"aggravated stalking":          {"The file recorded the offence as aggravated stalking."},
	"harassment with intent":       {"Officers recorded the incident as harassment with intent."},
	"protection of harassment act": {"Offences under the Protection of Harassment Act are often charged together."},
}

var deprecatedFallback = "Some older local guidance still refers to %s in this context."

// Lists: items by section kind.
var listBank = map[sectionKind][]string{
	kindEvidence: {
		"call and message logs, with the times of each contact;",
		"screenshots showing the account names used;",
		"statements from people who saw the suspect near the victim's home;",
		"the victim's diary of incidents;",
		"records of earlier reports to the police;",
		"CCTV and doorbell camera footage;",
		"data from any tracking device found;",
		"evidence of the effect on the victim, such as medical records;",
	},
	kindVictims: {
		"explain each decision and the reasons for it;",
		"refer the victim to an advocate if they do not already have one;",
		"consider special measures before the first hearing;",
		"make sure the victim's address is kept confidential;",
		"ask the victim whether they want to make a Victim Personal Statement;",
		"tell the victim about the outcome of any bail application;",
	},
	kindCharging: {
		"read every incident report as part of one course of conduct;",
		"check whether the conduct caused fear of violence or serious alarm or distress;",
		"consider whether the suspect and the victim are personally connected;",
		"record the reasons for the charge selected;",
		"consider whether an order is needed to protect the victim now;",
		"ask the police for any missing evidence before charge;",
	},
	kindBail: {
		"no contact with the victim, directly or through others;",
		"not to enter a named street or area;",
		"to live and sleep at a stated address;",
		"a curfew, checked electronically where appropriate;",
		"not to post about the victim on social media;",
	},
}

var extraHeadings = map[sectionKind][]string{
	kindLaw:        {"The offences", "What must be proved", "Defences", "Time limits"},
	kindEvidence:   {"Digital evidence", "Hearsay and bad character", "Evidence of impact", "Third-party material"},
	kindVictims:    {"Special measures", "Keeping victims informed", "Advocates"},
	kindSentencing: {"Restraining orders on conviction", "Victim Personal Statements", "Aggravating factors"},
	kindCharging:   {"Choosing between offences", "Early advice"},
}
