# ruff: noqa: E501  (data file: long template strings read better unbroken)
"""Text pools for the synthetic sample data (all invented).

Templates use `{a|b|c}` for alternatives (nestable) and `<slot>` for values
that `generate.py` fills per message. Support issues are grouped by category;
each issue has subjects, opening lines and details (customer side) and actions
(agent side). Category-level pools cover acknowledgements, next steps and
follow-up turns.
"""

CATEGORIES = ["billing", "technical", "account", "shipping", "cancellation"]
REGIONS = ["EU", "NA", "APAC"]
TIERS = ["free", "pro", "enterprise"]

FIRST_NAMES = [
    "Priya", "James", "Sofia", "Chen", "Olivia", "Mateo", "Hannah", "Kwame", "Emma", "Ravi",
    "Lucia", "Noah", "Aiko", "Liam", "Fatima", "Jonas", "Chloe", "Diego", "Ingrid", "Marcus",
    "Yuki", "Elena", "Samuel", "Nadia", "Oscar", "Mei", "Tariq", "Grace", "Pedro", "Anika",
    "Henrik", "Zara", "Felix", "Amara", "Lena", "Victor", "Sana", "Tom", "Isabel", "Kofi",
]
LAST_NAMES = [
    "Natarajan", "Whitfield", "Moreau", "Wang", "Brennan", "Alvarez", "Schulz", "Mensah", "Dubois",
    "Iyer", "Ferrari", "Kowalski", "Tanaka", "Gallagher", "Haddad", "Lindqvist", "Martin", "Ortega",
    "Nilsen", "Reid", "Sato", "Petrova", "Adeyemi", "Karimi", "Berg", "Lin", "Qureshi", "Holloway",
    "Santos", "Kapoor", "Johansson", "Malik", "Weber", "Okonkwo", "Fischer", "Novak", "Chowdhury",
    "Dunn", "Castillo", "Asante",
]
COMPANIES = [
    "Brightleaf Logistics", "Kestrel Foods", "Harbor Lane Dental", "Quillstone Media", "Pinecrest Labs",
    "Bluegate Architects", "Moorfield Analytics", "Copperline Retail", "Tidewater Travel",
    "Silverbirch Legal", "Ambervale Clinics", "Redwing Robotics", "Lakeshore Print",
    "Granite Peak Outdoor", "Orchid Bay Hotels", "Foxglove Studio", "Ironbridge Freight",
    "Sunward Energy", "Willowmere School", "Northgate Pharmacy", "Cobalt Ridge Games",
    "Meadowlark Bakery", "Seabright Insurance", "Lanternfish Software", "Highfield Farms",
]
AGENTS = [
    "Maria Lopez", "Daniel Okafor", "Sofia Rossi", "Kenji Watanabe",
    "Amelia Clarke", "Lukas Becker", "Aisha Rahman", "Tom Gallagher",
]
PRODUCTS = [
    "Edge Gateway NE-200", "Edge Gateway NE-400", "Backup Vault", "Object Storage", "Managed Postgres",
    "CloudDesk VPN", "Sensor Kit S3", "Compute Pro instances", "Hardware Security Key HK-2",
    "Rack Appliance RA-10", "Load Balancer", "Mail Relay",
]
HARDWARE = [
    "Edge Gateway NE-200", "Edge Gateway NE-400", "Sensor Kit S3", "Hardware Security Key HK-2",
    "Rack Appliance RA-10", "power supply unit PSU-65", "mounting bracket kit",
]
PLANS = ["Starter", "Team", "Business", "Scale", "Growth"]
CARRIERS = ["DHL", "UPS", "FedEx", "Royal Mail", "Australia Post", "DPD"]
SERVICES = ["the API", "the dashboard", "Backup Vault", "Object Storage", "Managed Postgres",
            "the CLI", "CloudDesk VPN", "the webhook service"]
ERROR_CODES = ["502 Bad Gateway", "503 Service Unavailable", "500 Internal Server Error",
               "ERR_TIMEOUT", "E4012", "SSL_HANDSHAKE_FAILED", "429 Too Many Requests"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

CUSTOMER_GREETINGS = [
    "Hi,", "Hello,", "Hi there,", "Hello Northwind team,", "Dear Northwind Cloud Support,",
    "Good morning,", "Hi support,", "Hey team,", "Dear support team,", "Good afternoon,",
]
CUSTOMER_CONTEXT = [
    "We have been on the <plan> plan for {about|roughly|nearly} <years> years{ and rarely need to contact you| and things have mostly been smooth| without any major issues}.",
    "I {look after|manage|handle} {IT|the cloud accounts|our subscriptions} at <company>{, a team of about <count>0 people|| for our <count> offices}.",
    "{For context|Some background}: we use <product> {for our customer portal|to run our booking system|for internal reporting|across <count> sites}.",
    "{I am|I'm} the {account owner|billing contact|office manager|admin} for <company>.",
    "{This is|It is} {the first time|the second time this month|not the first time} {we have had to write in|I have contacted you} about {this|something like this}.",
]
CUSTOMER_URGENCY = [
    "{This is fairly urgent|It is quite urgent} because {our month-end close is on <weekday>|a client demo is scheduled for <weekday>|our auditors arrive on <weekday>}.",
    "{It is not urgent|No rush on this}, but I would {like to get it sorted|appreciate an answer} {this week|before <weekday>|when you have a moment}.",
    "{Our whole team is blocked|Several colleagues are affected|Half of the office is stuck} until this is {resolved|fixed}, so {a quick reply|any help} would be {great|much appreciated}.",
    "{Could you|Can you|Would you be able to} {look into this|check what happened|get back to me} {by <weekday>|today if possible|at your earliest convenience}?",
]
AGENT_ACKS = [
    "{Thanks for|Thank you for} {the details|the clear description|letting us know}{ about this| and sorry for the trouble|}.",
    "{I am sorry|I'm sorry|Apologies} {for the inconvenience|about this|that this happened}{, and thanks for your patience|}.",
    "{I looked into|I have looked into|I checked} {your case|the account} {this morning|today|right away}.",
    "",
]
FROM_LINE = "From what I can see, {the problem|this} {started|began} {around|after} <date>."
CUSTOMER_CLOSINGS = ["Thanks,", "Thank you,", "Thanks in advance,", "Best,", "Regards,", "Cheers,",
                     "Kind regards,", "Many thanks,", "Best wishes,"]

AGENT_GREETINGS = [
    "Hi <first>,", "Hello <first>,", "Dear <first>,", "Hi <first>, thanks for reaching out.",
    "Hello <first>, thank you for contacting Northwind Cloud Support.", "Hi <first>, thanks for the detailed message.",
    "Good morning <first>,", "Hi <first>, and thanks for your patience.",
]
AGENT_CLOSINGS = [
    "{Let me know|Please let me know|Just reply to this email} if {anything else comes up|you have any other questions|this does not solve it}.",
    "{If anything is still unclear|Should you need anything else}, {reply here|reply to this message} and {I will pick it up|it comes straight back to me}.",
    "{I hope this helps|I hope that sorts it out|Thanks again for flagging this}{, and have a good <weekday>|}.",
    "{We are here|Our team is available} {around the clock|24/7|during business hours} if {you need us|anything changes}.",
]
AGENT_SIGNOFFS = ["Best regards,", "Kind regards,", "Thanks,", "Best,", "Warm regards,", "All the best,"]
DISCLAIMERS = [
    "CONFIDENTIALITY NOTICE: This email and any attachments are confidential and intended solely for the addressee. "
    "If you have received it in error, please notify the sender and delete it. Northwind Cloud Ltd. accepts no "
    "liability for any damage caused by this message.",
    "This message may contain confidential or privileged information. If you are not the intended recipient, "
    "any use, copying or distribution is prohibited. Please inform the sender and delete the message. "
    "Northwind Cloud Ltd., registered in Ireland.",
]

ISSUES = {
    "billing": [
        {
            "subjects": ["Charged twice for invoice <invoice>", "Double charge on my card", "Duplicate payment this month"],
            "open": [
                "{I was|We were|Our card was} charged twice for invoice <invoice>{, both times <amount>| (<amount> each)}.",
                "{Looking at|Checking} our bank statement, {I see|there are} two identical payments of <amount> taken on <date>.",
                "{It looks like|It seems} your system {billed us twice|took the payment twice} for the <plan> plan this month.",
            ],
            "details": [
                "Both {transactions|charges} {show the same reference|carry reference <ref>|appear as NORTHWIND CLOUD}.",
                "We only have one subscription{, so this must be a mistake| and one workspace}.",
                "{Our finance team|My accountant} {noticed it on <weekday>|flagged it during reconciliation}.",
                "The second charge {pushed our account into overdraft|was not expected at all|is blocking another payment}.",
            ],
            "actions": [
                "I {checked|reviewed} the payment log and {you are right|I can confirm}: the charge for <invoice> was {captured|processed} twice {because of a retry on our side|after a gateway timeout}.",
                "I have {issued|started} a refund of <amount> for the duplicate {payment|charge}; {it usually takes|expect} <days> business days to appear on your statement.",
                "{Your|The} original payment {stays in place|remains valid}, so {nothing changes|there is no change} for your <plan> subscription.",
                "{I also|I have also} added a note to your account so {our billing team|finance} {can track the refund|knows about the case} under reference <ref>.",
            ],
        },
        {
            "subjects": ["Wrong amount on invoice <invoice>", "Invoice total looks incorrect", "Question about our latest invoice"],
            "open": [
                "Our latest invoice <invoice> {shows|comes to} <amount>, but {we expected|our contract says} <amount2>.",
                "{The invoice for <date>|This month's invoice} {seems too high|does not match our usage}{ by quite a bit|}.",
                "{I think|I believe} invoice <invoice> {includes|lists} <product> {twice|although we cancelled it last month}.",
            ],
            "details": [
                "We {moved|switched} to the <plan> plan {in the middle of the month|on <date>}, {so maybe proration is off|which might explain part of it}.",
                "Our usage {dashboard|report} {only shows|shows roughly} <count> {active seats|instances} for the period.",
                "{Could you send|Please send} {a breakdown|an itemised version} of the charges.",
                "{We need|I need} a corrected invoice {before <weekday>|for our auditors|to get it approved internally}.",
            ],
            "actions": [
                "I {went through|reviewed} invoice <invoice> line by line and found that <product> was {billed for the full month|not prorated} after your plan change.",
                "{I have issued|I've raised} a credit note of <amount2> {against|for} that invoice, and {a corrected invoice|the revised invoice} {is attached|is now in your billing portal}.",
                "{The itemised breakdown|A full breakdown} is {available|visible} under Billing > Invoices{; click the invoice number to expand it|, with one line per service}.",
                "Going forward, {proration|plan changes} will be {calculated|applied} {per day|on the day you switch}, so {this should not happen again|the next invoice will be accurate}.",
            ],
        },
        {
            "subjects": ["Card declined on renewal", "Payment failed for our subscription", "Cannot update payment method"],
            "open": [
                "{Our renewal payment|The payment for our <plan> plan} {failed|was declined} on <date> {even though|although} the card {is valid|has plenty of funds}.",
                "{I keep getting|The portal shows} {an error|a 'payment method declined' message} when {I try to|trying to} {add a new card|update our card}.",
                "We {received|got} {a warning email|an email} saying {our account will be suspended|service will be paused} because {a payment failed|the card was declined}.",
            ],
            "details": [
                "{I have tried|We tried} <count> different cards{ with the same result| and none of them worked}.",
                "Our bank {says|told us} {they see no attempt|nothing was blocked on their side}.",
                "{We cannot afford|I do not want} {any downtime|a suspension} on <product>.",
                "{The error|It} {appears|happens} {right after|when} I press Save on the billing page.",
            ],
            "actions": [
                "{Thanks for the details|Thank you for checking with your bank}. {Our payment processor|The gateway} {flagged|blocked} the {renewal|charge} {for 3-D Secure verification|as unverified}, which {your bank|the card issuer} never {confirmed|completed}.",
                "I have {paused|put on hold} the suspension for <days> days, so {your services keep running|<product> stays online} while {we sort this out|you update the card}.",
                "{Please|Could you} {try adding the card again|retry the update} {from an incognito window|after clearing the browser cache}; you should now see {a verification prompt|a 3-D Secure pop-up} from your bank.",
                "{If you prefer|Alternatively}, {we can switch you to|I can enable} {invoice billing|payment by bank transfer} {for the <plan> plan|on your account}.",
            ],
        },
        {
            "subjects": ["VAT number missing from invoices", "Tax ID on invoices", "Need company details on invoice"],
            "open": [
                "Our {VAT|tax} number {is missing|does not appear} on {invoice <invoice>|our invoices}, so {we cannot reclaim the tax|our accountant rejected it}.",
                "{Could you|Can you} {add|include} our company {name and tax ID|registration details} on {future invoices|invoice <invoice>}?",
                "{We were charged|You charged} VAT on invoice <invoice> {although|even though} we {gave you|entered} a {valid|verified} VAT ID.",
            ],
            "details": [
                "{The tax ID|Our VAT number} {is entered|was added} {in the billing settings|on the account page} since <date>.",
                "{We are a registered business|Our company is VAT registered}{ and should fall under reverse charge|, so we expect reverse charge}.",
                "{I need|We need} {corrected copies|updated invoices} for the {last <count> months|current quarter}.",
                "{The invoice|It} also {shows|has} {our old address|the wrong company name}.",
            ],
            "actions": [
                "{The VAT ID|Your tax number} {had not been validated|was stuck in validation} {because|as} the {EU VIES service|tax registry} was {unavailable|down} when you {saved it|entered it}.",
                "I {validated it manually|re-ran the validation} and {reissued|regenerated} {invoice <invoice>|the affected invoices} with {reverse charge applied|your company details}.",
                "The {VAT amount|tax} of <amount2> {will be credited|has been credited} {to your account|as a credit note} {and used against the next invoice|on the next billing run}.",
                "{Future invoices|All new invoices} will {show|include} {your tax ID and company name|the details from your billing settings} {automatically|from now on}.",
            ],
        },
        {
            "subjects": ["Refund for unused months", "Refund request after downgrade", "Can I get a partial refund?"],
            "open": [
                "We {downgraded|moved} from the <plan> plan {on <date>|last <weekday>} and {would like|are hoping for} a refund for the {unused period|remaining months}.",
                "{I paid|We paid} <amount> {upfront|for the annual plan} but {only used it|stopped using it} after {two|three} months.",
                "{Is it possible|Could you check whether it is possible} to {get|receive} a {partial|prorated} refund for {our annual subscription|<product>}?",
            ],
            "details": [
                "{The project|Our pilot} {that needed it|using <product>} {ended early|was cancelled}.",
                "{I read|Your website says} {something about|that there are} prorated refunds {for annual plans|within 30 days}.",
                "{We would be happy|We are fine} with {account credit|credit} {instead of|rather than} {a card refund|cash} if that is easier.",
                "{The order number|Our order} {was|is} <order>, if that helps.",
            ],
            "actions": [
                "{Annual plans|Yearly subscriptions} {can be refunded|are refundable} {pro rata|for the unused full months} {within the first 90 days|under our refund policy}, and your {request|case} {qualifies|falls within that window}.",
                "I have {processed|approved} a refund of <amount2> for {order <order>|the unused months}; {it will reach|you will see it on} your {card|statement} within <days> business days.",
                "{Your account|The workspace} {stays|remains} on the {free tier|new plan}, so {your data is untouched|nothing is deleted}.",
                "{If you|Should you} {upgrade again later|come back to the <plan> plan}, {we will|I can} {apply|honour} the {same|current} price.",
            ],
        },
    ],
    "technical": [
        {
            "subjects": ["<service> returning <error>", "Intermittent <error> errors", "Errors from <service> since <weekday>"],
            "open": [
                "{Since|Starting} <weekday>{ morning|}, {about|roughly} <count>0% of {requests|calls} to <service> {fail|come back} with <error>.",
                "{We are seeing|We see} {intermittent|random} <error> {errors|responses} from <service> {in the <region_city> region|from our production servers}.",
                "<service> {has been|is} {unreliable|flaky} {since <date>|for two days}: {calls|requests} {time out|fail} with <error>.",
            ],
            "details": [
                "{Nothing changed|We did not deploy anything} on our side{ during that time| that day}.",
                "{Retrying|A retry} {usually works|works after a few seconds}, {but|yet} {our batch jobs|the nightly import} {still fail|keep failing}.",
                "{Request IDs|Example request IDs} {from the failures|from our logs} {start with|include} <ref>.",
                "{The status page|Your status page} {shows|says} everything {is green|is operational}.",
                "{We use|Our code uses} the {Python|Go|Node} SDK {version 3.<count>|latest version}.",
            ],
            "actions": [
                "{Thanks for the request IDs|The request IDs helped}: {they|those calls} {all|} {hit|landed on} {one unhealthy node|a node} in <region_city> that {was|has now been} {taken out of rotation|drained}.",
                "{Error rates|Failure rates} {dropped|went back} to normal at {about|around} <hours>:00 UTC, {and|so} {new requests|your calls} should {succeed|go through} now.",
                "{For the batch jobs|For your nightly import}, I {recommend|suggest} {enabling|turning on} {exponential backoff|automatic retries} in the SDK{ with a maximum of five attempts|}.",
                "{We have opened|I opened} {an incident report|a post-incident review} (<ref>) and {will share|I will send you} the {root cause|findings} {within <days> days|once it is complete}.",
                "{The status page|Our status page} {did not|failed to} {reflect|show} the issue because {only one node|a single node} was affected; {we are fixing|we are improving} that {alert|threshold}.",
            ],
        },
        {
            "subjects": ["Backup job failing", "Backup Vault: nightly backup failed", "Backups not completing"],
            "open": [
                "Our {nightly|scheduled} backup {to|in} Backup Vault {has failed|failed} {<count> nights in a row|since <weekday>}.",
                "{The backup job|Our backup} for {the <company> database|our file server} {stops|aborts} at {about|around} <count>0% with {a quota error|'snapshot timeout'}.",
                "{I noticed|We noticed} {that|} {no backups|no restore points} {have been|were} created {since <date>|this week}.",
            ],
            "details": [
                "{The volume|Our data set} is {about|roughly} <count>00 GB{ and growing|}.",
                "{We did not change|Nobody touched} the {retention policy|backup schedule} {recently|in months}.",
                "{The job log|The log} {shows|ends with} {error|code} <error>.",
                "{This makes|That leaves} us {without|with no} {a recent restore point|recent backups}{, which is worrying|}.",
            ],
            "actions": [
                "{The failures|The failed jobs} {come from|are caused by} {your storage quota|the vault quota}: {the vault|it} {reached|hit} {its|the} limit {on <date>|last <weekday>} and {new snapshots|further snapshots} {were rejected|could not be written}.",
                "I have {raised|increased} the quota {by|to} <count>00 GB {at no charge|free of charge} {for this month|for now} and {re-ran|restarted} {last night's job|the backup}; {it completed|it finished} {successfully|without errors}.",
                "{To avoid this|Going forward}, {you can|I suggest you} {set|configure} a retention {rule|policy} that {removes|expires} snapshots {older than 30 days|after <days> weeks}.",
                "{We will also|You will now} {send|receive} an {email alert|alert} when {usage|the vault} {passes|reaches} 80% of {the quota|its limit}.",
            ],
        },
        {
            "subjects": ["SSL certificate not renewing", "Certificate expired on our domain", "HTTPS broken on custom domain"],
            "open": [
                "{The|Our} SSL certificate for {our custom domain|shop.<slug>.example.com} {expired|did not renew} {on <date>|last night} and {visitors|customers} {now see|get} a {security warning|browser warning}.",
                "{Automatic certificate renewal|Auto-renewal of certificates} {seems to have failed|has stopped working} for {our load balancer|the Load Balancer}.",
                "{Since|From} <weekday>, HTTPS {requests|connections} to {our site|our API domain} {fail|break} with SSL_HANDSHAKE_FAILED.",
            ],
            "details": [
                "{We moved|We changed} our DNS {provider|records} {about|roughly} {two|three} weeks ago.",
                "{The dashboard|Your console} {still shows|shows} the certificate {as valid|as pending}.",
                "{This is|It's} {costing us|affecting} {sales|orders} {every hour|right now}.",
                "{I tried|We tried} {clicking|pressing} {Renew|Retry} {but nothing happens|without any luck}.",
            ],
            "actions": [
                "{Renewal failed|The renewal did not go through} because {the DNS validation record|the CNAME used for validation} {was lost|disappeared} when you {moved DNS providers|changed DNS}.",
                "{Please|Could you} {add|re-create} the CNAME record {shown|listed} under Certificates > Validation{ at your new DNS provider|}; {once it resolves|after that}, {renewal|issuing} {takes|usually takes} {a few minutes|under ten minutes}.",
                "{In the meantime|Meanwhile}, I {issued|have issued} a {temporary|short-lived} certificate {valid for|that lasts} <days> days so {your site|the site} {works again|is reachable}.",
                "{The dashboard|The console} {showed|displayed} {an outdated|a cached} status; {we are fixing|our team is fixing} that {display bug|bug} {this week|in the next release}.",
            ],
        },
        {
            "subjects": ["Instance will not boot after resize", "VM stuck in starting state", "Server down after maintenance"],
            "open": [
                "{After|Since} {resizing|upgrading} {our|one of our} Compute Pro {instance|instances} on <weekday>, {it will not|it doesn't} {boot|start}.",
                "{Our VM|One VM} {has been|is} stuck in {'starting'|the starting state} for {over <count> hours|hours} {after the maintenance window|since <date>}.",
                "{The server|Our app server} {went down|stopped responding} {during|after} {your|the} maintenance on <date> and {has not come back|never recovered}.",
            ],
            "details": [
                "The {serial console|console output} {shows|ends at} {a kernel panic|'waiting for root device'}.",
                "{We cannot|I can't} {SSH in|reach it over SSH} {at all|even from the private network}.",
                "{It runs|This server runs} {our ERP|the booking system|our internal wiki} {so people are waiting|so it matters}.",
                "{The instance ID|Its ID} {is|starts with} i-<ref>.",
            ],
            "actions": [
                "{The resize|The change} {moved|migrated} {your instance|the VM} to {a newer host type|new hardware}, and {its|the} {old kernel|boot image} {does not have|lacks} the {NVMe driver|storage driver} {it needs|for the new disks}.",
                "I {attached|mounted} {the root disk|your boot volume} to a {rescue instance|recovery VM}, {installed|added} the {driver|missing module} and {rebooted|started} {it|the instance}; {it is|it's} {now running|back online}.",
                "{Please|Could you} {check|verify} {that your application|that the services} {started|came up} {correctly|as expected}{ and let me know|}.",
                "{Before the next resize|For future resizes}, {update|upgrade} the kernel {to version 5.15 or later|to a current version} {so this does not happen again|to avoid the same problem}.",
            ],
        },
        {
            "subjects": ["Webhooks not delivered", "Missing webhook events", "Webhook endpoint timing out"],
            "open": [
                "{We stopped|We have stopped} {receiving|getting} webhook events {for new orders|from the webhook service} {since <date>|on <weekday>}.",
                "{About|Around} <count> out of ten webhook {calls|deliveries} {never arrive|are missing} at our endpoint.",
                "{The|Your} webhook {logs|console} {show|says} {timeouts|'delivery failed'} {for|on} {our endpoint|most events}.",
            ],
            "details": [
                "{Our endpoint|The endpoint} {responds|returns 200} {in under a second|quickly} {when we test it|from outside}.",
                "{We rely on|We depend on} {these events|webhooks} to {update stock|send receipts} {in real time|immediately}.",
                "{Is there a way|Can we} {to replay|replay} {the missed events|events from the last <days> days}?",
                "{We recently|Last week we} {moved|migrated} {the endpoint|our receiver} behind a {firewall|new proxy}.",
            ],
            "actions": [
                "{Your new firewall|The new proxy} {is blocking|blocks} {part of|some of} our {sender IP range|outgoing addresses}; {deliveries|calls} from {those addresses|that range} {time out|never connect}.",
                "{Please|Could you} {allow|whitelist} {the full list|all addresses} {published|listed} at {docs > Webhooks > IP ranges|our webhook documentation}{, which changed last month|}.",
                "I {replayed|re-queued} {all failed events|the missed events} from {the last <days> days|<date> onwards}; {they should arrive|you should receive them} {within the hour|shortly}.",
                "{You can also|You can} {replay|resend} events {yourself|on your own} {from|in} the console {under|via} Webhooks > Deliveries.",
            ],
        },
    ],
    "account": [
        {
            "subjects": ["Password reset email not arriving", "Cannot reset my password", "No reset link received"],
            "open": [
                "{I requested|I have requested} {a password reset|the reset link} {<count> times|several times} {but|and} {no email arrives|nothing comes through}.",
                "{I am|I'm} {locked out of|unable to log in to} {my account|the dashboard} {because|since} the password reset {email never arrives|link does not come}.",
                "The {reset link|password reset} {expires|says it has expired} {the moment|as soon as} I {click it|open it}.",
            ],
            "details": [
                "{I checked|I have checked} {spam|the junk folder} {and|but} {there is nothing|it's empty}.",
                "{Other emails|Emails} from {you|Northwind} {arrived|came through} {fine|normally} {last month|before}.",
                "{I need|I have to} {access|get in} {before <weekday>|today} to {approve a deployment|download reports}.",
                "{We use|Our company uses} {a strict mail filter|Microsoft 365 with quarantine}.",
            ],
            "actions": [
                "{Your mail server|The mail system on your side} {rejected|bounced} our {reset emails|messages} {with|returning} {a spam policy error|'550 policy rejection'}, {so|which is why} {nothing reached|they never reached} your inbox.",
                "{I have|I've} {sent|triggered} a {new|fresh} reset link {that is valid for|which stays valid for} <days> hours; {please|} {ask your IT team|check with IT} to {release it|allow it} from quarantine {if needed|if it is held}.",
                "{For the future|To avoid this}, {add|allow} {no-reply@northwind.example|our sending domain} {to|on} {the safe senders list|your allow list}.",
                "{The expiry issue|The 'link expired' message} {happens|appears} when {a mail scanner|a security scanner} {opens|clicks} the link first; {a new one|the new link} {asks for|needs} {a confirmation click|one extra click}.",
            ],
        },
        {
            "subjects": ["Lost my 2FA device", "Locked out: two-factor authentication", "New phone, no authenticator codes"],
            "open": [
                "{I got|I have} a new phone {and|but} {forgot|did not} {to move|transfer} {my authenticator app|the 2FA codes}, {so|and now} {I cannot log in|I'm locked out}.",
                "{My|Our admin's} {phone|2FA device} {was stolen|broke} on <weekday> and {we have no|there are no} {backup codes|recovery codes}.",
                "{I am|I'm} {stuck at|blocked by} {the two-factor prompt|the 2FA step} {and cannot|and can't} {reach|access} {our workspace|the console}.",
            ],
            "details": [
                "{I am|I'm} the {only|sole} {admin|owner} {on the account|for <company>}.",
                "{I can|We can} {prove|confirm} {ownership|who we are} {with|using} {our last invoice <invoice>|any details you need}.",
                "{Our production|The} {systems|services} {keep running|are fine}, {but|only} {nobody can|we cannot} {change|manage} {anything|them}.",
                "{Is there|What is} {a recovery process|the process} {for this|in this case}?",
            ],
            "actions": [
                "{For security|To protect your account}, {we|I} {verified|checked} {your identity|ownership} {using|through} the billing details {and|plus} {a call to|a callback on} {the number on file|the registered number}.",
                "{I have|I've} {reset|removed} two-factor authentication {on your user|for your login}; {at your next sign-in|when you next log in} {you will be asked|you'll be prompted} to {enrol|set up} a new device.",
                "{Please|Do} {save|download} the {new|} recovery codes {in a safe place|somewhere safe}{, such as a password manager|}.",
                "{We also recommend|I also suggest} {adding|appointing} {a second admin|another owner} so {you are not|nobody is} locked out {again|in future}.",
            ],
        },
        {
            "subjects": ["Transfer account ownership", "Change account owner", "Our admin has left the company"],
            "open": [
                "{Our previous IT manager|The person who set up our account} {left|has left} <company> {and|so} {we need|I need} to {transfer|move} ownership {to me|to my account}.",
                "{Can you|Please} {change|update} the {account owner|owner of our workspace} {from|} {a former colleague|our old admin} to {me|myself}?",
                "{We need|I need} to {hand over|transfer} {our Northwind account|the workspace} to {our new CTO|a colleague} {before <weekday>|this month}.",
            ],
            "details": [
                "{The old owner's|Their} {mailbox|email address} {is|has been} {closed|deactivated} {already|since <date>}.",
                "{I am|I'm} {already|} {an admin|a member} {on the workspace|of the team}{ but not the owner|}.",
                "{Our|The} {latest|last} invoice {number|} {is|was} <invoice>, {if you need|for} {verification|proof}.",
                "{We have|There are} <count> {team members|users} {who should keep|that need to keep} their access.",
            ],
            "actions": [
                "{Ownership transfers need|Changing the owner requires} {written confirmation|a signed request} from {a company director|someone authorised at <company>} {when|since} {the current owner|the old owner} {cannot approve|is unreachable}.",
                "{I have|I've} {sent you|emailed} {a short form|the transfer form} {to sign|for signature}; {once we receive it|after it comes back}, {the transfer|the change} {is done|takes effect} {within one business day|the same day}.",
                "{Existing users|Your <count> team members} {keep|will keep} {their roles|their access} {and|;} {nothing|no data} {moves|changes}.",
                "{We will also|I will also} {remove|revoke} {the former owner's|the old owner's} {API keys|access tokens} {as part of the transfer|at the same time}.",
            ],
        },
        {
            "subjects": ["Account locked after failed logins", "Account suspended?", "Cannot sign in, account locked"],
            "open": [
                "{My account|Our account} {was locked|got locked} {after|following} {a few|several} failed {login attempts|sign-ins} {on <weekday>|this morning}.",
                "{I get|The login page shows} {'account temporarily locked'|a lockout message} {every time|whenever} I {try to sign in|log in}.",
                "{Someone|An unknown person} {tried|seems to have tried} to {log in|access} {my account|our account} {from abroad|from an unfamiliar location}, and {now|since then} {it is|it's} locked.",
            ],
            "details": [
                "{I received|We got} {an alert|a security notice} {about|for} {a login from|sign-in attempts from} {an unknown device|another country}.",
                "{I have|I've} {already|} {changed|updated} {my password|the password} {on my other accounts|everywhere}.",
                "{I need|We need} {to access|access to} {invoices|the console} {urgently|by <weekday>}.",
                "{My username|The login} {is|uses} {my work email|our shared admin address}.",
            ],
            "actions": [
                "{The lock|The lockout} {was triggered|kicked in} {by|after} <count>0 failed attempts from {an IP address|addresses} {outside your usual region|we flagged as suspicious}, {so|which means} {our protection|the system} {worked as intended|did its job}.",
                "{I have|I've} {unlocked|released} the account and {reset|expired} {all active sessions|existing sessions}; {please|} {set|choose} a new{, unique|} password {when you next sign in|at your next login}.",
                "{I strongly recommend|Please consider} {enabling|turning on} two-factor authentication {under|in} Settings > Security{; it blocks attacks like this|}.",
                "{No changes|Nothing} {were made|was changed} to {your data|the account} {during the attempts|by the attacker}: {the logs|our audit log} {show|confirm} {no successful login|only failed attempts}.",
            ],
        },
        {
            "subjects": ["Add users and set up SSO", "Single sign-on for our team", "Invite team members"],
            "open": [
                "{We want|We would like} to {add|invite} <count> {colleagues|team members} {and|,} {connect|set up} single sign-on {with|through} {our identity provider|Okta|Azure AD}.",
                "{The invite emails|Invitations} {to|for} {new users|our new hires} {do not arrive|are never received}{, and SSO is greyed out|}.",
                "{Is|Is it possible to use} SSO {available|} on the <plan> plan, {or|or do} {do we need|we need} to upgrade?",
            ],
            "details": [
                "{Our team|The team} {is growing|grows} {quickly|fast} {and|so} {manual invites|inviting one by one} {are|is} {painful|slow}.",
                "{Our IT policy|Company policy} {requires|says} {SSO|single sign-on} for {all SaaS tools|every tool}.",
                "{We already|We} {have|use} {SAML|SCIM provisioning} {in other tools|elsewhere}.",
                "{Please|Kindly} {let me know|tell me} {what it costs|if there is a charge}.",
            ],
            "actions": [
                "SSO {is included|comes} {with|on} the Business and Scale plans; {on|for} the <plan> plan {it is|SSO is} {available as|an} add-on {for|at} <amount> per month.",
                "{I have|I've} {enabled|turned on} {a 30-day trial|the trial} of {SSO|the add-on} {on your workspace|for you}, so {you can|your IT team can} {configure|connect} {SAML|your identity provider} {right away|now}.",
                "{The setup guide|Our guide} {is|lives} under Docs > Security > Single sign-on{, with steps for Okta and Azure AD|}.",
                "{Invites|The invitations} {were|had been} {held|blocked} {by|because of} {a domain restriction|the allowed-domain setting}; {I added|I've added} your domain{ to the list|} {so they go out now|and resent them}.",
            ],
        },
    ],
    "shipping": [
        {
            "subjects": ["Where is my order <order>?", "Order <order> not delivered", "Delivery delayed"],
            "open": [
                "{We ordered|I ordered} {a|an} <hardware> {on <date>|<count> weeks ago} (order <order>) {and it still has not arrived|but nothing has arrived yet}.",
                "Order <order> {was supposed to arrive|should have been delivered} {on <weekday>|last week} {but|and} {the tracking has not moved|there is no sign of it}.",
                "{Can you|Could you} {tell me|check} {where|what happened to} {our order|order <order>} {is|}? {It was due|It was promised} {by <weekday>|days ago}.",
            ],
            "details": [
                "{The|Our} {tracking number|tracking} {from <carrier>|with <carrier>} {shows|says} {'label created'|'in transit'} {since <date>|for days}.",
                "{We need|We need to install} {the device|it} {for a site opening|before a go-live} on <weekday>.",
                "{Nobody|No one} {from|at} {our reception|the office} {received|saw} {a delivery attempt|a card}.",
                "{We paid|I paid} {for|extra for} {express shipping|next-day delivery}.",
            ],
            "actions": [
                "{I checked|I contacted} <carrier> {about|on} order <order>: {the parcel|your package} {was held|got stuck} {at|in} {a sorting hub|customs} {because of|due to} {a missing commercial invoice|an incomplete label}.",
                "{We have|I've} {sent|provided} the {missing paperwork|documents} and <carrier> {expects|now expects} {to deliver|delivery} {on <weekday>|within <days> business days}.",
                "{Since|As} you paid for {express shipping|next-day delivery}, {I have refunded|I refunded} the {shipping fee|delivery charge} of <amount2>.",
                "{If it has not arrived|If nothing arrives} by <weekday>, {we will|I will} {ship|send} a replacement {at no cost|free of charge} {straight away|the same day}.",
            ],
        },
        {
            "subjects": ["Device arrived damaged", "Broken <hardware> on delivery", "Damaged parcel, order <order>"],
            "open": [
                "The <hardware> from order <order> {arrived|was delivered} {damaged|broken}{ on <weekday>|}: {the casing is cracked|the box was crushed and the device rattles}.",
                "{Our|The} {delivery|parcel} {came|arrived} {with|showing} {visible damage|a torn box} and the <hardware> {inside|} {does not power on|will not start}.",
                "{I am|I'm} {sorry to say|afraid} that {one of the|the} <hardware> {units|} in order <order> {is|was} {damaged in transit|dead on arrival}.",
            ],
            "details": [
                "{I took|We took} photos {of the box and the device|of everything} {when|as soon as} {it arrived|we opened it}.",
                "{The other items|Everything else} in the {order|parcel} {seem|look} {fine|okay}.",
                "{We need|We need a working unit} {before|by} <weekday> {for an installation|for a customer site}.",
                "{The|Its} serial number {is|starts with} SN-<ref>.",
            ],
            "actions": [
                "{I am sorry|I'm sorry} {the device|it} {arrived|came} {in that state|damaged}; {I have|I've} {created|opened} a {replacement order|replacement} {under|as} order <order2> {with express shipping|shipped express}.",
                "{You do not|There is no need to} {pay|be charged} {anything|for the replacement}, and {a prepaid return label|the return label} {is attached|will come by email} {for the damaged unit|for the broken one}.",
                "{Please|Could you} {reply with|attach} {the photos|your photos} {so we can|so that we can} {file a claim|claim} {with|against} <carrier>.",
                "{The replacement|Your new unit} {should arrive|is due} {by|on} <weekday>{, in time for your installation|}.",
            ],
        },
        {
            "subjects": ["Change delivery address for order <order>", "Wrong shipping address", "Update shipping address"],
            "open": [
                "{I entered|We entered} {the wrong|an old} {delivery|shipping} address {for|on} order <order>{ by mistake|}.",
                "{Could you|Please} {change|update} the delivery address {for|on} order <order> {before|ahead of} {it ships|dispatch}?",
                "{We moved|Our office moved} {last month|recently} and order <order> {is going|is set to go} to {our old office|the previous address}.",
            ],
            "details": [
                "{The order|It} {has not shipped|is not shipped} {yet|} {according to|per} {the portal|the order page}.",
                "{Nobody|No one} {is|works} at the old address {any more|anymore}.",
                "{It is|It's} {for|a} <hardware> {we need|needed} {for a rollout|next week}.",
                "{The|Our} {account settings|profile} {already|} {show|has} the {new|correct} address.",
            ],
            "actions": [
                "{I caught|I managed to catch} order <order> {before it left|just before dispatch} {our warehouse|the warehouse} and {updated|changed} the {shipping address|delivery address}.",
                "{The order|It} {will now|will} {ship|go out} {on <weekday>|tomorrow} {with|via} <carrier>; {you will get|you'll receive} {the tracking number|a tracking link} {by email|once it ships}.",
                "{Orders|New orders} {use|take} the {address|default address} {from|saved in} {the checkout|checkout}, {not|rather than} the {account profile|profile}, {which is why|and that is why} {the old one|the old address} {was used|was picked}.",
                "{I also|I've also} {updated|set} {your default|the default} {shipping address|delivery address} {so future orders|so the next order} {go|goes} to the new office.",
            ],
        },
        {
            "subjects": ["Customs fees on delivery", "Unexpected import charges", "Asked to pay duties for order <order>"],
            "open": [
                "<carrier> {asked us|wants us} to pay <amount2> {in|of} {import duties|customs fees} {before|to} {they deliver|releasing} order <order>.",
                "{We were|I was} {charged|billed} {customs fees|import VAT} {on delivery|by the courier} {for|on} order <order>, {which|and this} {was not mentioned|nobody mentioned} {at checkout|when ordering}.",
                "{Is|Are} {customs duties|import charges} {included|covered} {in|by} {your prices|the order total}? {We got|I received} a {bill|charge} {from <carrier>|for <amount2>}.",
            ],
            "details": [
                "{Your website|The store} {says|said} {'duties included'|prices include all taxes} {for our country|for deliveries here}.",
                "{We have not|We haven't} {paid|accepted} {it|the charge} {yet|so far}{ and the parcel is waiting|}.",
                "{We order|We have ordered} {hardware|devices} {from you|} {before|several times} {without|and never had} {any fees|this problem}.",
                "{Our company|We} {are|is} {registered|based} in <region_city>.",
            ],
            "actions": [
                "{Order <order>|Your order} {should have|was meant to} {shipped|ship} {under|on} {delivered duty paid terms|DDP terms}, {but|yet} {it|the label} {was|went out} {marked|labelled} {as|} DAP {by mistake|in error}.",
                "{Please|You can} {pay|settle} the <amount2> {so|and} the {parcel|order} {is|gets} {released|delivered}{ without further delay|}; {we will|I'll} {refund|reimburse} {the full amount|it in full} {within|in} <days> days.",
                "{Just|Please} {reply with|send us} {the|a} {receipt|copy of the receipt} from <carrier> {and|;} {I will|I'll} {process|arrange} the {refund|reimbursement} {right away|immediately}.",
                "{We have|I've} {corrected|fixed} the {shipping setting|shipping profile} {for|on} {your account|your address} so {future orders|the next order} {ship|go out} {duty paid|DDP}.",
            ],
        },
        {
            "subjects": ["Wrong item received", "Received the wrong product in order <order>", "Order <order>: incorrect item"],
            "open": [
                "{We ordered|I ordered} {the|a} <hardware> {but|and} {received|got} {a different model|the wrong item} {in|with} order <order>.",
                "Order <order> {contained|had} {a|the} {power supply unit PSU-65|mounting bracket kit} {instead of|rather than} {the|a} <hardware> {we paid for|we ordered}.",
                "{The box|The parcel} {for|from} order <order> {has|contains} {two|three} {units|devices} {although|but} {we ordered one|we only ordered one}.",
            ],
            "details": [
                "{The|Our} packing slip {shows|lists} {the correct item|what we ordered}{, so the mix-up happened when packing|}.",
                "{We need|We still need} {the right device|the correct model} {for|by} <weekday>.",
                "{I can|We can} {send|ship} {the wrong item|the extra units} {back|back to you} {straight away|this week}.",
                "{We have|We've} {not opened|kept sealed} {the item|the box}.",
            ],
            "actions": [
                "{Thanks for letting us know|Sorry for the mix-up}: {the warehouse|our warehouse} {picked|packed} {the wrong item|a different item} {for|on} order <order>{, and I have reported it|}.",
                "{I have|I've} {shipped|sent} {the correct|the right} <hardware> {as|under} order <order2> {by express|express}, {due|arriving} {on <weekday>|within <days> days}.",
                "{A prepaid return label|The return label} {for the wrong item|for the return} {is|has been} {attached|sent separately}; {please|} {drop|hand} {the parcel|it} {at|to} {any|a} <carrier> {point|location} {within 14 days|in the next two weeks}.",
                "{There is|You have} {no|nothing} {extra charge|to pay} {for the exchange|for any of this}.",
            ],
        },
    ],
    "cancellation": [
        {
            "subjects": ["Cancel our subscription", "Please cancel my plan", "Cancellation request"],
            "open": [
                "{We have decided|We've decided} to {cancel|end} our <plan> subscription {at the end of|from} {this billing period|<date>}.",
                "{Please|Kindly} {cancel|close} {our subscription|my plan} {for|of} <product>; {we are moving|we are switching} {to another provider|our workloads in-house}.",
                "{I would like|I want} to {cancel|stop} {our|the} <plan> plan {and|but} {cannot find|don't see} {a cancel button|how to do it} {in the portal|anywhere}.",
            ],
            "details": [
                "{Budget cuts|A budget freeze} {at|for} <company> {mean|means} {we have to|we need to} {reduce|cut} {tools|subscriptions}.",
                "{Please|Can you} {confirm|tell me} {the exact date|when} {service|our access} {ends|will stop}.",
                "{We need|We will need} {time|a few weeks} to {export|download} {our data|everything}.",
                "{The service|Your product} {has been|was} {good|fine}, {it just does not|it simply doesn't} fit {our needs|our budget} {any more|anymore}.",
            ],
            "actions": [
                "{I have|I've} {scheduled|set up} the cancellation {of|for} your <plan> subscription {for|at} the end of the {current|present} billing period{, on <date>|}.",
                "{Until then|Until that date}, {everything|all services} {keeps|keep} {working|running} {as usual|normally}, and {you will not|you won't} {be charged|receive} {again|another invoice}.",
                "{Your data|All data} {stays|remains} {available|retrievable} {for|during} 30 days {after cancellation|afterwards}, {so|which gives you time to} {export|download} {it|everything} {from|via} Settings > Export.",
                "{The cancel option|The cancel button} {is|sits} {under|in} Billing > Subscription, {visible|available} {only|} to {the account owner|owners}, {which is why|and that is why} {you did not see it|it was hidden}.",
            ],
        },
        {
            "subjects": ["Stop auto-renewal", "Do not renew our annual plan", "Turn off automatic renewal"],
            "open": [
                "{Please|Can you} {turn off|disable} {automatic renewal|auto-renew} {for|on} our {annual|yearly} <plan> plan{ before it renews on <date>|}.",
                "{We do not want|We don't want} {our|the} {annual plan|contract} to {renew|roll over} {automatically|again} {next month|on <date>}.",
                "{We were|I was} {charged|billed} <amount> {for|on} {a renewal|an automatic renewal} {we did not want|we had not agreed to}.",
            ],
            "details": [
                "{I thought|I believed} {I had|we had} {switched|turned} {it|auto-renew} off {last year|months ago}.",
                "{We plan|We want} to {move|switch} to {monthly billing|a monthly plan} {instead|rather than annual}.",
                "{Our contract|The agreement} {requires|says} {30 days' notice|notice} {for non-renewal|before renewal}{, and we are within it|}.",
                "{Order reference|The reference} {was|is} <order>.",
            ],
            "actions": [
                "{I have|I've} {turned off|disabled} {auto-renewal|automatic renewal} {for|on} your <plan> plan; {it will|the plan will} {end|expire} on <date> {unless you renew|unless you choose to renew} {manually|yourself}.",
                "{Because|Since} {the renewal|the charge} {happened|went through} {within the last 14 days|only <days> days ago}, {I refunded|I have refunded} the <amount> {in full|completely}.",
                "{You can|If you like, you can} {switch|move} to {monthly billing|a monthly plan} {at any time|whenever you want} {from|under} Billing > Plan{, with no penalty|}.",
                "{The setting|Auto-renewal} {had been|was} {switched back on|re-enabled} {when|after} {your plan was upgraded|the plan changed}; {we are|our team is} {fixing|correcting} that {behaviour|bug}.",
            ],
        },
        {
            "subjects": ["Close account and delete our data", "Delete all our data", "Account closure and data deletion"],
            "open": [
                "{Please|We ask you to} {close|delete} {our account|the <company> account} and {permanently|} {delete|erase} {all|every piece of} {data|customer data} {you hold|stored with you}.",
                "{Under|In line with} {GDPR|data protection law}, {I request|we request} {deletion|erasure} of {my|our} {account|personal data} {and|plus} {written confirmation|a confirmation}.",
                "{We are|We're} {winding down|closing} {the business|this project} and {want|need} {everything|all data} {removed|deleted} {from|in} Northwind Cloud.",
            ],
            "details": [
                "{We have|We've} {already|} {exported|downloaded} {what we need|the data we need}.",
                "{Our|The} {DPO|data protection officer} {needs|wants} {a deletion certificate|written confirmation} {for our records|for the audit}.",
                "{Please|Also} {include|cover} {backups|Backup Vault snapshots} {in|as part of} the deletion.",
                "{There|We} {should be|are} {no|not} {open invoices|outstanding payments}{ on the account|}.",
            ],
            "actions": [
                "{I have|I've} {started|opened} {the closure|the account closure} {for|of} {your workspace|the <company> account}; {all|your} services {stop|are stopped} {today|immediately}.",
                "{Data|Your data} {in|across} {all regions|every region}, {including|incl.} {Backup Vault snapshots|backups}, {is|will be} {permanently deleted|erased} {within|in} 30 days{, as our policy says|}.",
                "{Once|When} {deletion|the erasure} {is|has} {complete|completed}, {we will|I will} {email|send} {a deletion certificate|written confirmation} {to you|to the account owner}.",
                "{There are|You have} {no|zero} {open|outstanding} {invoices|balances}, so {nothing|no payment} {is|remains} {due|owed}.",
            ],
        },
        {
            "subjects": ["Cancel order <order> before it ships", "Cancel hardware order", "Please cancel order <order>"],
            "open": [
                "{Please|Can you} {cancel|stop} order <order> {for|of} {the|a} <hardware>{ before it ships|}; {we ordered|I ordered} it {by mistake|twice}.",
                "{We no longer need|We don't need} {the|our} <hardware> {from|in} order <order> {and|so} {want|would like} to cancel {it|the order}.",
                "{Is it|Is it still} {possible|too late} to cancel order <order>? {It was|We placed it} {placed|} {on <date>|on <weekday>}.",
            ],
            "details": [
                "{The project|Our rollout} {it was for|that needed it} {was|has been} {postponed|cancelled}.",
                "{We|I} {paid|were charged} <amount> {by card|on our card}.",
                "{If it has shipped|If it is already on its way}, {we can|I can} {refuse|reject} {the delivery|it}.",
                "{We will|We'll} {probably|likely} {order|buy} {again|later} {next quarter|in a few months}.",
            ],
            "actions": [
                "{I cancelled|I have cancelled} order <order> {before|ahead of} {it left|dispatch from} {the warehouse|our warehouse}, so {nothing|no parcel} {will ship|goes out}.",
                "{The|Your} {refund|payment} {of|for} <amount> {is|has been} {on its way|issued} {to|back to} {your card|the original card} and {should appear|appears} {within|in} <days> business days.",
                "{You will|You'll} {receive|get} {a cancellation confirmation|a confirmation email} {shortly|in a moment} {for your records|for your files}.",
                "{When|If} you {order|need} {again|it again} {next quarter|later}, {the current|today's} {price|pricing} {applies|will apply} {for|} 90 days{ under reference <ref>|}.",
            ],
        },
    ],
}

FOLLOW_UPS = {
    "customer": [
        "{Thanks|Thank you} <agent>, {that helped|this helped}{, but|. However,} {I still have|there is still} {one question|a question}.",
        "{Hi|Hello} <agent>, {I tried|we tried} {what you suggested|your suggestion} {on <weekday>|this morning}, {but|and} {the problem came back|it happened again}.",
        "{Thanks for the quick reply|Thanks for getting back to me}. {Before|Ahead of} {we close this|closing this}, {can you|could you} {confirm|double-check} {one more thing|something}?",
        "{Hello again|Hi again}, {a quick follow-up|just following up} {on|about} {ticket <ref>|our case <ref>}.",
    ],
    "customer_ask": [
        "{Can you|Could you} {confirm|tell me} {whether|if} {the change|this} is {permanent|in place for all our users|already live}{ or whether we need to wait|}?",
        "{Is there|Do you have} {anything else|something else} {we should|I should} {change|check} {on our side|from our end}{, or is it all done now|}?",
        "{What|Which} {reference|number} should {I|we} {quote|use} {if|when} {I|we} {contact you|write} {again|about it later}?",
        "{Will|Would} {this|the same thing} {happen|affect us} {again|next month}{, or is the cause fixed for good|}?",
    ],
    "agent": [
        "{Good question|Thanks for following up}. {Yes|Yes, that's right}: {the change|the fix} {is|is already} {live|in place} {for your whole account|for every user on the workspace}{ and stays that way|}.",
        "{I had another look|I checked again} {and|,} {the cause|the root cause} {is fixed|has been fixed} {for good|permanently}{, so it should not happen again|}.",
        "{Please quote|Use} reference <ref> {in any future message|if you write in again}; {it|that} {links|ties} {straight|directly} to {this case|your case}.",
        "{Nothing else|No further action} is {needed|required} {on your side|from you}{; everything is in place|}.",
        "{I have|I've} {added|put} {a note|notes} {to|on} {your account|the case} so {any|every} {colleague|agent} {can|will} {see|know} {what we did|the history}.",
        "{If it happens again|Should it come back}, {reply to this email|let us know} {with the time|with a timestamp} and {we will|I will} {escalate|investigate} {immediately|straight away}.",
    ],
}

TRIVIAL_REPLIES = ["Thanks!", "ok", "Done.", "Resolved.", "ok thanks", "Noted."]

NON_ENGLISH = [
    {
        "lang": "de", "category": "billing", "subject": "Doppelte Abbuchung",
        "customer": "Hallo,\n\nuns wurde die Rechnung <invoice> zweimal abgebucht, jeweils <amount>. Wir haben nur ein "
                    "Abonnement für den Tarif <plan>. Bitte prüfen Sie das und erstatten Sie den doppelten Betrag. "
                    "Unsere Buchhaltung braucht bis <weekday> eine Bestätigung.\n\nVielen Dank",
        "agent": "Hallo <first>,\n\nvielen Dank für Ihre Nachricht. Die Zahlung wurde wegen eines Zeitlimits beim "
                 "Zahlungsanbieter doppelt eingezogen. Ich habe die Erstattung von <amount> veranlasst; sie ist in "
                 "etwa <days> Werktagen auf Ihrem Konto. Ihr Abonnement bleibt unverändert aktiv.",
    },
    {
        "lang": "es", "category": "shipping", "subject": "Pedido <order> no ha llegado",
        "customer": "Hola,\n\nhicimos el pedido <order> hace dos semanas y todavía no ha llegado. El seguimiento de "
                    "<carrier> no se actualiza desde el <weekday>. Necesitamos el equipo para una instalación la semana "
                    "que viene. ¿Pueden revisar qué ha pasado?\n\nGracias",
        "agent": "Hola <first>,\n\ngracias por escribirnos. El paquete quedó retenido en aduanas por falta de una "
                 "factura comercial. Ya enviamos la documentación y <carrier> prevé entregarlo en <days> días "
                 "laborables. Si no llega a tiempo, le enviaremos un reemplazo sin coste.",
    },
    {
        "lang": "fr", "category": "account", "subject": "Impossible de réinitialiser le mot de passe",
        "customer": "Bonjour,\n\nje n'arrive pas à réinitialiser mon mot de passe : le courriel de réinitialisation "
                    "n'arrive jamais, même dans les spams. J'ai besoin d'accéder à la console avant <weekday> pour "
                    "valider un déploiement. Pouvez-vous m'aider ?\n\nCordialement",
        "agent": "Bonjour <first>,\n\nvotre serveur de messagerie a rejeté nos courriels pour une règle anti-spam. "
                 "Je viens d'envoyer un nouveau lien, valable <days> heures. Demandez à votre service informatique "
                 "d'autoriser notre domaine d'envoi afin que cela ne se reproduise pas.",
    },
    {
        "lang": "pt", "category": "cancellation", "subject": "Cancelar assinatura",
        "customer": "Olá,\n\ngostaríamos de cancelar a nossa assinatura do plano <plan> no fim do período atual. "
                    "Por favor, confirmem a data exata em que o serviço termina e como podemos exportar os nossos "
                    "dados antes disso.\n\nObrigado",
        "agent": "Olá <first>,\n\no cancelamento do plano <plan> foi agendado para o fim do período atual. Até lá, "
                 "tudo continua a funcionar normalmente. Os dados ficam disponíveis durante 30 dias e podem ser "
                 "exportados em Settings > Export.",
    },
    {
        "lang": "de", "category": "technical", "subject": "Backup schlägt fehl",
        "customer": "Guten Tag,\n\nunser nächtliches Backup im Backup Vault schlägt seit <weekday> fehl. Im Protokoll "
                    "steht ein Quota-Fehler. Wir haben an der Aufbewahrungsrichtlinie nichts geändert. Können Sie "
                    "sich das bitte ansehen?\n\nBeste Grüße",
        "agent": "Guten Tag <first>,\n\nIhr Vault hatte das Speicherlimit erreicht, daher wurden neue Snapshots "
                 "abgelehnt. Ich habe das Kontingent vorübergehend erhöht und den Job neu gestartet; er lief "
                 "erfolgreich durch. Eine Aufbewahrungsregel für 30 Tage verhindert das künftig.",
    },
    {
        "lang": "es", "category": "billing", "subject": "Factura con importe incorrecto",
        "customer": "Buenos días,\n\nla factura <invoice> indica <amount>, pero según nuestro contrato deberían ser "
                    "<amount2>. Cambiamos al plan <plan> a mitad de mes. ¿Podrían enviarnos un desglose y una factura "
                    "corregida?\n\nUn saludo",
        "agent": "Buenos días <first>,\n\nrevisé la factura <invoice> y el cambio de plan no se prorrateó. He emitido "
                 "una nota de crédito y la factura corregida ya está en su portal de facturación, con el desglose "
                 "por servicio.",
    },
    {
        "lang": "fr", "category": "shipping", "subject": "Appareil reçu endommagé",
        "customer": "Bonjour,\n\nle <hardware> de la commande <order> est arrivé endommagé : le boîtier est fissuré et "
                    "l'appareil ne s'allume pas. Nous avons pris des photos. Il nous faut un appareil fonctionnel "
                    "avant <weekday>.\n\nMerci d'avance",
        "agent": "Bonjour <first>,\n\nnous sommes désolés. Un remplacement est parti en express sous la commande "
                 "<order2>, sans frais. Une étiquette de retour prépayée vous sera envoyée pour l'appareil "
                 "endommagé ; merci de nous transmettre les photos.",
    },
    {
        "lang": "pt", "category": "technical", "subject": "Erros na API",
        "customer": "Olá,\n\ndesde <weekday> cerca de um terço dos pedidos à API falham com <error>. Não alterámos "
                    "nada do nosso lado e a página de estado mostra tudo operacional. Podem verificar?\n\nCumprimentos",
        "agent": "Olá <first>,\n\nos pedidos com falha passaram por um nó com problemas, que já foi retirado de "
                 "serviço. As taxas de erro voltaram ao normal. Recomendo ativar novas tentativas automáticas no "
                 "SDK para os trabalhos em lote.",
    },
]

AUTO_REPLY = (
    "Thank you for your email. I am out of the office until <weekday> with limited access to email. "
    "Your message has not been forwarded. For urgent support questions please contact support@northwind.example "
    "or call our support line.\n\nThis is an automatic reply."
)
