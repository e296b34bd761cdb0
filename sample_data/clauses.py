# ruff: noqa: E501  (data file: long template strings read better unbroken)
"""Clause pools for the synthetic contracts (all invented).

Same template syntax as `phrases.py`: `{a|b}` alternatives and `<slot>` values.
`<P>` and `<C>` are the defined names of provider and customer in a contract.
Each clause type has heading variants and sentences; a clause takes 3-5 of them.
"""

CONTRACT_KINDS = [
    "MASTER SERVICES AGREEMENT", "SAAS SUBSCRIPTION AGREEMENT", "HARDWARE SUPPLY AGREEMENT",
    "RESELLER AGREEMENT", "CONSULTING SERVICES AGREEMENT", "COLOCATION SERVICES AGREEMENT",
    "DATA HOSTING AGREEMENT", "SUPPORT AND MAINTENANCE AGREEMENT",
]
PARTY_TERMS = [("Provider", "Customer"), ("Supplier", "Client"), ("Northwind", "Customer"),
               ("Service Provider", "Subscriber"), ("Vendor", "Purchaser")]
LAWS = [("the laws of Ireland", "the courts of Dublin"),
        ("the laws of England and Wales", "the courts of London"),
        ("the laws of the State of New York", "the state and federal courts located in New York County"),
        ("the laws of the State of Delaware", "the courts of Wilmington, Delaware"),
        ("the laws of Singapore", "the courts of Singapore"),
        ("the laws of the Province of Ontario", "the courts of Toronto"),
        ("German law", "the courts of Frankfurt am Main")]
OFFICES = ["14 Harbour Road, Dublin 2, Ireland", "200 Market Street, Suite 900, San Francisco, CA 94105",
           "1 Raffles Place, #20-01, Singapore 048616", "Unit 4, 77 Canal Wharf, Leeds LS11 5PS"]

CLAUSES = {
    "definitions": {
        "headings": ["DEFINITIONS", "Definitions", "Definitions and Interpretation", "Defined Terms"],
        "sentences": [
            "In this Agreement, {the following|these} {terms|capitalised terms} {have|shall have} the {meanings|meaning} {set out below|given in this clause}{ unless the context requires otherwise|}.",
            "\"Affiliate\" means any entity that {directly or indirectly|} controls, is controlled by, or is under common control with a party, where \"control\" means ownership of more than {fifty percent (50%)|half} of the voting {interests|shares}.",
            "\"Services\" means the {cloud hosting|hosted|managed infrastructure} services {described in|set out in} {each|the applicable} {Order Form|Statement of Work}{, together with any Documentation|}.",
            "\"Customer Data\" means {all|any} {data, content and materials|information} {uploaded to|stored in|processed by} the Services by or on behalf of <C>.",
            "\"Business Day\" means {any day|a day} other than a Saturday, Sunday or public holiday {in <city>|where <P> has its registered office}.",
            "\"Documentation\" means the {user guides|technical manuals|online help pages} {made available|published} by <P> {for the Services|from time to time}.",
            "{Headings|Clause headings} are for convenience only and {do not|shall not} affect {interpretation|the interpretation of this Agreement}; {words in the singular include the plural|the words \"including\" and \"include\" mean without limitation}.",
        ],
    },
    "term": {
        "headings": ["TERM", "Term", "Term of Agreement", "Term and Renewal", "Duration"],
        "sentences": [
            "This Agreement {commences|begins|takes effect} on the Effective Date and {continues|remains in force} for {an initial term|a period} of <months> months (the \"Initial Term\").",
            "{Thereafter|After the Initial Term}, this Agreement {renews|shall renew} automatically for {successive|further} renewal periods of {twelve (12)|<months>} months {each|} unless either party gives {written notice of non-renewal|notice that it does not wish to renew} at least <days> days before the end of the {then-current|current} term.",
            "{Each|Any} Order Form {has|shall have} its own {subscription term|term}, and {the expiry of|the end of} this Agreement {does not|shall not} {shorten|cut short} any Order Form {then in effect|still running}.",
            "The {Initial Term|initial period} and {all|any} renewal periods {together|taken together} {form|are} the \"Term\".",
            "{Fees for any renewal period|Renewal pricing} {may be increased|may rise} by <P> by no more than <rate>% {over|above} the {fees|prices} {of the preceding period|in force at renewal}.",
        ],
    },
    "termination": {
        "headings": ["TERMINATION", "Termination", "Termination for Cause", "Termination Rights", "Suspension and Termination"],
        "sentences": [
            "Either party may terminate this Agreement {with immediate effect|immediately} by written notice if the other party {commits a material breach|materially breaches this Agreement} and {fails to remedy|does not cure} {it|that breach} within <days> days {of|after} receiving notice {of it|describing the breach}.",
            "{Either party|A party} may {also|} terminate {this Agreement|it} if the other party becomes insolvent, {makes an assignment for the benefit of creditors|enters into liquidation} or {has a receiver appointed|ceases to trade}.",
            "<P> may suspend {access to the Services|the Services} {without liability|at once} if <C> {fails to pay|does not pay} {undisputed fees|any undisputed invoice} within <days> days {after|of} {a reminder|written reminder}.",
            "On termination, <C> {shall|must} {pay all fees accrued|pay any fees due} up to the {termination date|date of termination}, and <P> {shall|will} make Customer Data available for {export|download} for <days> days.",
            "{Clauses|Provisions} {which by their nature|that by their nature} {should survive|are intended to survive} termination, including {confidentiality, indemnities and limitation of liability|those on liability and confidentiality}, {shall survive|survive}.",
            "<C> may terminate {for convenience|without cause} on <days> days' written notice, {but|provided that} {prepaid fees are not refundable|no refund is due for the remainder of the Term}.",
        ],
    },
    "confidentiality": {
        "headings": ["CONFIDENTIALITY", "Confidentiality", "Confidential Information", "Non-Disclosure"],
        "sentences": [
            "Each party {shall|will} keep {confidential|secret} all Confidential Information {received|obtained} from the other party and {shall not|will not} {use it|make use of it} {except|other than} to perform {its obligations|this Agreement}.",
            "\"Confidential Information\" means {all|any} {non-public|proprietary} information {disclosed|made available} by one party to the other, whether {orally or in writing|in oral, written or electronic form}, that is {marked as confidential|designated confidential} or {would reasonably be understood|ought reasonably to be regarded} as confidential.",
            "{These obligations|The obligations in this clause} do not apply to information that {is or becomes public|becomes publicly available} {through no fault of the recipient|other than by breach}, {was already lawfully known|was lawfully in the recipient's possession} {before disclosure|beforehand}, or {is independently developed|is developed independently}.",
            "A party may disclose Confidential Information {where required by law|if compelled by law or a court}, {provided that|as long as} it {gives the other party prompt notice|notifies the other party promptly} {where lawful|to the extent permitted}.",
            "{The obligations of confidentiality|These duties} {continue|remain in force} for <years> years after {termination|the end of this Agreement}{, and indefinitely for trade secrets|}.",
            "{On request|Upon written request}, the recipient {shall|will} {return or destroy|destroy or return} the discloser's Confidential Information {and certify|and confirm in writing} that it has done so.",
        ],
    },
    "indemnification": {
        "headings": ["INDEMNIFICATION", "Indemnification", "Indemnity", "Indemnities"],
        "sentences": [
            "<P> {shall|will} {defend, indemnify and hold harmless|indemnify and defend} <C> {against|from} {any third-party claim|all third-party claims} {alleging|that allege} that the Services infringe {any|a} patent, copyright or trade mark.",
            "<C> {shall|will} indemnify <P> {against|from and against} {all losses, damages and costs|any losses and reasonable legal fees} {arising from|resulting from} Customer Data or <C>'s {breach of the acceptable use policy|unlawful use of the Services}.",
            "The indemnified party {must|shall} {notify|inform} the indemnifying party {promptly|without undue delay} of {any|the} claim, {give it sole control of the defence|allow it to control the defence and settlement}, and {provide reasonable assistance|cooperate reasonably} at the indemnifying party's {cost|expense}.",
            "{If the Services are|Should the Services be} held {to infringe|infringing}, <P> may{, at its option,| at its choice} {modify them|make them non-infringing}, {obtain a licence|procure the right} for continued use, or {terminate the affected Services and refund prepaid fees|end the affected Services with a pro rata refund}.",
            "{This clause|The foregoing} states {the entire liability|each party's sole remedy} {for|in respect of} {third-party intellectual property claims|infringement claims}.",
        ],
    },
    "limitation_of_liability": {
        "headings": ["LIMITATION OF LIABILITY", "Limitation of Liability", "Limitations of Liability", "Liability Cap"],
        "sentences": [
            "{Neither party|No party} {shall be|will be} liable for {any|} indirect, incidental, special or consequential {damages|losses}, {or for|including} loss of profits, revenue or data, {even if advised of their possibility|however caused}.",
            "Each party's {total|aggregate} liability {arising out of or in connection with|under or in relation to} this Agreement {shall not exceed|is limited to} the fees paid {or payable|} by <C> in the <months> months {preceding|before} the event giving rise to the claim.",
            "{Notwithstanding the above|Despite the foregoing}, {liability cannot be limited|nothing limits liability} for death or personal injury caused by negligence, for fraud, or {for|under} the indemnities {in this Agreement|above}.",
            "{The|These} {limits|caps} {apply|shall apply} {whether the claim arises in contract, tort (including negligence) or otherwise|in contract, tort or under any other theory of liability}.",
            "In {no|any} event {shall|will} <P>'s liability for {loss of Customer Data|data loss} exceed {the cost of restoring it from the latest backup|<cap>}.",
        ],
    },
    "payment": {
        "headings": ["PAYMENT", "Payment Terms", "Fees and Payment", "Invoicing and Payment", "Charges and Payment"],
        "sentences": [
            "<C> {shall|will} pay {the fees|all fees} {set out in|stated in} {each Order Form|the applicable Order Form} within <days> days {of|after} the {date of invoice|invoice date}.",
            "{Fees|All fees} are {exclusive of|stated excluding} {VAT and other applicable taxes|sales tax, VAT and similar taxes}, which <C> {shall|will} pay {in addition|on top} {at the prevailing rate|where applicable}.",
            "{Late payments|Overdue amounts} {bear|accrue} interest at <rate>% per {month|annum} {from the due date until paid|until payment is received in full}.",
            "<P> {shall|will} invoice {subscription fees|recurring fees} {annually in advance|monthly in advance|quarterly in advance} and {usage fees|overage charges} {monthly in arrears|at the end of each month}.",
            "{If <C> disputes an invoice|Any disputed invoice} {in good faith|with good reason}, <C> {must|shall} {notify|tell} <P> {within|before the end of} <days> days and pay the undisputed {portion|part} {on time|by the due date}.",
            "{All payments|Payments} {shall be made|are to be made} in <currency> by {bank transfer|wire transfer} {to the account notified by|as directed by} <P>{, without set-off or deduction|}.",
        ],
    },
    "notices": {
        "headings": ["NOTICES", "Notices", "Notice"],
        "sentences": [
            "{Any|All} notices under this Agreement {must|shall} be in writing and {delivered|sent} by {hand|courier} or by email to the {addresses|address} {set out|stated} {in the Order Form|above}.",
            "Notices to <P> {shall|must} be sent to {its legal department|the Legal Department} at <office>{, with a copy to legal@northwind.example|}.",
            "A notice {is deemed|shall be deemed} {received|given} {on delivery if delivered by hand|when delivered, if by hand}, {two Business Days after posting|on the second Business Day after dispatch by courier}, and {on the next Business Day if sent by email|when sent, if by email during business hours}.",
            "{Either party|Each party} may {change|update} its {notice address|address for notices} by giving {written notice|notice} to the other {in accordance with this clause|under this clause}.",
            "{Notices of breach or termination|Notices of termination} {may not|shall not} be {given|served} by email {alone|only}{ and must also be sent by courier|}.",
        ],
    },
    "assignment": {
        "headings": ["ASSIGNMENT", "Assignment", "Assignment and Subcontracting", "Transfer of Rights"],
        "sentences": [
            "Neither party may assign, transfer or {novate|otherwise deal with} {this Agreement|any of its rights or obligations} without the {prior written consent|written consent} of the other party{, which shall not be unreasonably withheld|}.",
            "{Either party|A party} may {however|nevertheless} assign this Agreement {without consent|without such consent} to {an Affiliate|its Affiliate} or to {a successor|an acquirer} {in connection with a merger or sale of substantially all of its assets|in a merger, reorganisation or sale of its business}.",
            "<P> may {use|engage} {subcontractors|sub-processors} to {perform|deliver} {the Services|parts of the Services}, {but|and} {remains|shall remain} {responsible|liable} for their {acts and omissions|performance}.",
            "{Any|An} {attempted|purported} assignment {in breach of|contrary to} this clause {is|shall be} {void|null and void}.",
            "This Agreement {binds|is binding on} and {benefits|enures to the benefit of} the parties and their {permitted|respective permitted} {successors and assigns|assigns}.",
        ],
    },
    "governing_law": {
        "headings": ["GOVERNING LAW", "Governing Law", "Governing Law and Jurisdiction", "Applicable Law", "Law and Jurisdiction"],
        "sentences": [
            "This Agreement {and any dispute arising from it|and any non-contractual obligations connected with it} {shall be|is} governed by {and construed in accordance with|} <law>.",
            "{The parties|Each party} {irrevocably|} {submit|submits} to the exclusive jurisdiction of <courts> {to settle|for} any dispute {arising out of or in connection with|relating to} this Agreement.",
            "The United Nations Convention on Contracts for the International Sale of Goods {does not apply|shall not apply} {to this Agreement|}.",
            "{Before starting|Prior to commencing} {proceedings|litigation}, the parties {shall|will} {attempt in good faith to resolve|try to settle} {any|the} dispute {through|by} {negotiation between senior executives|escalation to senior management} for <days> days.",
            "{Nothing in this clause|This clause does not} {prevents|prevent} {a party|either party} from {seeking|applying for} {injunctive relief|urgent interim relief} in any {competent|appropriate} court.",
        ],
    },
    "warranties": {
        "headings": ["WARRANTIES", "Warranties", "Representations and Warranties", "Warranty"],
        "sentences": [
            "<P> warrants that the Services {will perform|shall perform} {materially|substantially} in accordance with the Documentation {during the Term|for the duration of the Term}.",
            "<P> {further|also} warrants that {any hardware supplied|all hardware delivered} {will be|shall be} free from defects in materials and workmanship for <months> months {from delivery|after delivery}.",
            "{Each party|Both parties} {represents and warrants|warrant} that it has {full power and authority|the legal capacity and authority} to enter into {and perform|} this Agreement.",
            "{If the Services do not conform|Where the Services fail to conform}, <C>'s {sole|exclusive} remedy {is|shall be} for <P> to {correct the non-conformity|re-perform the Services} or, {if it cannot|failing that}, {refund the fees|to refund fees} for the {affected period|non-conforming Services}.",
            "{Except as expressly stated|Other than as set out} in this Agreement, {all other warranties|all warranties and conditions}, {whether express or implied|express, implied or statutory}, {including merchantability and fitness for a particular purpose|such as satisfactory quality and fitness for purpose}, are {excluded|disclaimed} to the {fullest|maximum} extent permitted by law.",
        ],
    },
    "intellectual_property": {
        "headings": ["INTELLECTUAL PROPERTY", "Intellectual Property", "Intellectual Property Rights", "Ownership and Licences"],
        "sentences": [
            "<P> {and its licensors|} {own|retain} all {right, title and interest|intellectual property rights} in {and to|} the Services, the Documentation and {any improvements to them|all related software}.",
            "<C> {retains|owns} all {rights|intellectual property rights} in Customer Data and grants <P> a {non-exclusive, worldwide|limited, non-exclusive} licence to {host, copy and process|use} {it|Customer Data} {solely|only} to provide the Services.",
            "{Subject to|Conditional on} payment of the fees, <P> grants <C> a {non-transferable, non-exclusive|non-exclusive, non-sublicensable} right to use the Services {for its internal business purposes|for internal purposes only} during the Term.",
            "<C> {shall not|must not} {reverse engineer, decompile or disassemble|copy, modify or reverse engineer} {the Services|any part of the Services or the software}{, except as permitted by law|}.",
            "{Feedback|Any suggestions or feedback} {provided|given} by <C> {may be used|can be used} by <P> {freely|without restriction} {and without payment|and without obligation}.",
            "{Deliverables created|Work product created} {specifically|exclusively} for <C> under a Statement of Work {vests|shall vest} in <C> {on payment in full|once paid for}, {excluding|but not} <P>'s {pre-existing materials|background IP}.",
        ],
    },
    "force_majeure": {
        "headings": ["FORCE MAJEURE", "Force Majeure", "Events Beyond Reasonable Control"],
        "sentences": [
            "{Neither party|No party} {shall be|is} liable for {any|} {delay or failure to perform|failure or delay in performance} {caused by|resulting from} events beyond its reasonable control, including {natural disasters|floods, fire and earthquakes}, {war|armed conflict}, {epidemics|pandemics}, {strikes|labour disputes} {and|or} {failures of public utilities or networks|internet or power outages}.",
            "The affected party {shall|must} {notify|inform} the other {promptly|without delay} {and|,} {use reasonable efforts|take reasonable steps} to {mitigate|limit} the {effect|effects} of the event{ and resume performance|}.",
            "If {an event of force majeure|such an event} {continues|lasts} for more than <days> {consecutive|} days, either party may terminate {the affected Order Form|this Agreement} {by written notice|on notice} {without liability|with no further liability}.",
            "{This clause|Force majeure} {does not excuse|shall not excuse} {payment obligations|any obligation to pay fees} {already due|that have fallen due}.",
            "{Failures of|Delays by} {subcontractors or suppliers|third-party suppliers} {count as|are} force majeure {only|solely} {if|where} they {themselves|} {result from|are caused by} {an event described above|such an event}.",
        ],
    },
    "other": {
        "headings": ["ENTIRE AGREEMENT", "Severability", "Counterparts", "Miscellaneous", "Waiver",
                     "Independent Contractors", "Publicity", "Variation"],
        "sentences": [
            "This Agreement {constitutes|forms} the entire agreement between the parties {and supersedes|, superseding} {all prior|any previous} {agreements, proposals and understandings|discussions and arrangements} {relating to its subject matter|on the same subject}.",
            "If any provision {is held|is found} {invalid or unenforceable|to be unenforceable}, {the remaining provisions|the rest of this Agreement} {remain|shall remain} in full force and effect{ and the provision shall be modified to the minimum extent necessary|}.",
            "{No failure or delay|A failure or delay} by {a party|either party} in exercising {any right|a right} {operates|shall operate} as a waiver {of it|of that right}{, and no single exercise prevents further exercise|}.",
            "The parties are independent contractors, and nothing in this Agreement creates {a partnership, joint venture or agency|any partnership, agency or employment relationship} between them.",
            "{Neither party|No party} {may|shall} {use|publish} the other's name or logo {in marketing materials|in publicity} without {prior written consent|its written approval}{, except that <P> may list <C> as a customer|}.",
            "{This Agreement|The Agreement} may be {executed|signed} in {any number of|multiple} counterparts, {each of which is an original|each deemed an original}, {and|which together form one instrument}.",
            "{No variation|Any amendment} of this Agreement {is effective|shall be valid} {unless|only if} {made|it is} in writing and signed by {authorised representatives of both parties|both parties}.",
        ],
    },
}
