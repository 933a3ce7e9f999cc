"""The words of the starter scenarios `ardojo new` writes, one set per archetype.

Every starter shares one dialogue shape (see `game.authoring.templates`): the numbers (scores, mood
changes, routes) live there so that each starter validates clean; this module only holds who the
client is, the account and what everyone says. Rule ids are from scenarios/rulebook.yaml.
"""

from __future__ import annotations

from typing import Mapping

#: archetype -> starter words. "general" is used for any archetype not listed.
STARTERS: Mapping[str, Mapping[str, object]] = {
    "cash-strapped": {
        "summary": "The owner wants to pay but cash is tight this month.",
        "name": "Rosa Jimenez", "company": "Corner Loaf Bakery", "role": "Owner", "gender": "female",
        "invoices": [("CL-1107", 1840.00, 75, 45, "Flour and packaging, August order")],
        "history": ["Paid on time for three years", "The last two invoices were paid about 20 days late"],
        "notes": ["Credit policy: a payment plan of up to 60 days can be agreed without approval"],
        "objective": "Secure a dated payment plan for CL-1107 ($1,840.00).",
        "greeting": "Corner Loaf, Rosa speaking.",
        "good_say": "Good morning Rosa, this is Sam from Northwind Supply. I'm calling about invoice CL-1107 "
                    "for $1,840, which was due 45 days ago. Do you have two minutes?",
        "good_rules": ["do-state-purpose-clearly", "do-quote-exact-figures"],
        "good_feedback": "Name, company, invoice, amount and how late, then a check on her time.",
        "poor_say": "Hi, Sam from Northwind. Your account is past terms in our aging report.",
        "poor_rules": ["dont-use-jargon"],
        "poor_feedback": "'Past terms' and 'aging report' are our words. Say which invoice, how much, how late.",
        "hostile_say": "Rosa, you're late again. When are you going to pay?",
        "hostile_feedback": "An accusation before any facts makes her defensive; she ends the call.",
        "situation": "I know, I know. Sales have been slow since the roadworks started. I can't pay it all now.",
        "listen_say": "That sounds like a hard stretch, thanks for telling me. What could you manage, and when?",
        "listen_rules": ["do-show-empathy", "do-find-root-cause"],
        "listen_feedback": "You acknowledged her situation and asked what is possible instead of repeating "
                           "the demand.",
        "push_say": "Slow sales aren't our problem. The invoice is due.",
        "push_rules": ["dont-be-aggressive", "do-show-empathy"],
        "push_feedback": "True, but it shuts her down. Whether she stays on the line depends on how the "
                         "call started.",
        "offer": "If we could split it, I could do something each week.",
        "close_say": "Let's do that: $920 this Friday and $920 on Friday the week after. I'll email you the "
                     "plan today.",
        "close_rules": ["do-offer-payment-plan", "do-secure-dated-commitment"],
        "close_feedback": "A plan with amounts and dates, confirmed in writing: she can keep it, you can "
                          "check it.",
        "vague_say": "Okay, just pay what you can when you can.",
        "vague_rules": ["do-secure-dated-commitment"],
        "vague_feedback": "No amount, no date: nothing to follow up on.",
        "commit_id": "plan-agreed", "commitment": "plan", "amount": 1840.00, "days": 3,
        "commit_line": "Two payments of $920, Fridays. Send me that email.",
        "callback_line": "I'll see what I can do. Call me next month.",
        "hang_up_line": "I don't need this today. Goodbye.",
    },
    "disputing": {
        "summary": "The client won't pay because part of the delivery arrived damaged.",
        "name": "Victor Okafor", "company": "Bayside Print Co.", "role": "Purchasing Manager", "gender": "male",
        "invoices": [("BP-3310", 2600.00, 70, 40, "500 reams of paper; 50 reported damaged on delivery")],
        "history": ["Always paid within terms until this invoice"],
        "notes": ["Damage claims are handled by the warehouse team; a credit note needs their sign-off"],
        "objective": "Log the damage claim and secure payment of the undisputed $2,340 with a date.",
        "greeting": "Bayside Print, Victor here.",
        "good_say": "Hello Victor, Sam from Northwind Supply. I'm calling about invoice BP-3310 for $2,600, "
                    "now 40 days overdue. Is now a good time?",
        "good_rules": ["do-state-purpose-clearly", "do-quote-exact-figures"],
        "good_feedback": "Clear purpose, exact figures and a check on his time.",
        "poor_say": "Hi, it's Sam. I'm chasing an open item on your ledger.",
        "poor_rules": ["dont-use-jargon", "do-state-purpose-clearly"],
        "poor_feedback": "'Open item on your ledger' tells him nothing. Name the invoice and the amount.",
        "hostile_say": "Victor, we've waited long enough. Pay the invoice or we stop deliveries.",
        "hostile_feedback": "A threat before you know why he hasn't paid; he hangs up.",
        "situation": "We're not paying that. Fifty reams came in soaked. Nobody has called us about it.",
        "listen_say": "I'm sorry, that shouldn't have happened. Can you tell me what you found, so I can log "
                      "a claim with our warehouse today?",
        "listen_rules": ["do-listen-actively", "do-collaborate-internally"],
        "listen_feedback": "You listened, took the complaint seriously and named who will fix it.",
        "push_say": "The delivery was signed for, so the full amount is due.",
        "push_rules": ["dont-assume", "do-resolve-conflict-calmly"],
        "push_feedback": "A signature doesn't settle a damage claim. Whether he stays depends on the opening.",
        "offer": "Fine. But I'm not paying for paper we can't use.",
        "close_say": "Fair enough. The claim covers the 50 damaged reams, $260. Could the undisputed $2,340 "
                     "go out by Friday?",
        "close_rules": ["do-secure-dated-commitment", "do-resolve-conflict-calmly"],
        "close_feedback": "You separated the dispute from the rest and got a date for what isn't disputed.",
        "vague_say": "Okay, let's wait until the claim is sorted out.",
        "vague_rules": ["do-secure-dated-commitment"],
        "vague_feedback": "The whole invoice now waits on the claim, although most of it isn't disputed.",
        "commit_id": "pays-undisputed", "commitment": "partial", "amount": 2340.00, "days": 3,
        "commit_line": "All right, $2,340 by Friday. Send me the claim number.",
        "callback_line": "Call me when the warehouse has looked at it.",
        "hang_up_line": "We're done here.",
    },
    "evasive": {
        "summary": "The office manager says the cheque is in the mail, as she did last month.",
        "name": "Gail Porter", "company": "Northside Vet Clinic", "role": "Office Manager", "gender": "female",
        "invoices": [("NV-5521", 1295.00, 80, 50, "Surgical gloves and dressings")],
        "history": ["Last month: said the cheque was in the mail; nothing arrived"],
        "notes": ["Cash receipts checked this morning: nothing from Northside", "The payment link can be emailed"],
        "objective": "Verify the 'cheque in the mail' and secure a dated payment for NV-5521 ($1,295.00).",
        "greeting": "Northside Vet, this is Gail.",
        "good_say": "Hi Gail, Sam from Northwind Supply, about invoice NV-5521 for $1,295, now 50 days "
                    "overdue. Have you got a minute?",
        "good_rules": ["do-state-purpose-clearly", "do-quote-exact-figures"],
        "good_feedback": "Clear, exact and polite: she knows why you're calling and can't stall on details.",
        "poor_say": "Hi Gail, just a courtesy call, nothing urgent really.",
        "poor_rules": ["do-state-purpose-clearly"],
        "poor_feedback": "Playing it down gives an evasive client an easy way out. Say what you need.",
        "hostile_say": "Gail, I don't believe a word about cheques any more. Pay today.",
        "hostile_feedback": "Calling her a liar ends the cooperation; she hangs up.",
        "situation": "Oh, I'm pretty sure that cheque's already in the mail.",
        "listen_say": "Thanks. Nothing has arrived yet. Could you give me the cheque number and the date it "
                      "went out, so I can trace it?",
        "listen_rules": ["dont-assume", "do-use-your-tools"],
        "listen_feedback": "You neither believed nor doubted her: you asked for details you can check.",
        "push_say": "You said that last month too.",
        "push_rules": ["dont-be-aggressive", "dont-ignore-red-flags"],
        "push_feedback": "The pattern matters, but say it calmly. Whether she stays depends on the opening.",
        "offer": "Um, I'd have to look. Maybe it hasn't gone out yet.",
        "close_say": "No problem. I'll email you a payment link now. Could the $1,295 be paid by Friday?",
        "close_rules": ["do-secure-dated-commitment", "do-use-your-tools"],
        "close_feedback": "You made paying easy and got an amount and a day instead of 'in the mail'.",
        "vague_say": "Great, I'll keep an eye out for it then.",
        "vague_rules": ["dont-ignore-red-flags"],
        "vague_feedback": "The same line as last month, accepted again. Nothing to check, nothing dated.",
        "commit_id": "pays-friday", "commitment": "full", "amount": 1295.00, "days": 3,
        "commit_line": "Okay, send the link. I'll pay it Friday.",
        "callback_line": "Sure, call me next week.",
        "hang_up_line": "I don't have time for this. Bye.",
    },
    "general": {
        "summary": "A routine call about one overdue invoice.",
        "name": "Alex Morgan", "company": "Morgan & Reed Ltd", "role": "Accounts Payable", "gender": "male",
        "invoices": [("MR-2001", 980.00, 60, 30, "Office supplies")],
        "history": ["Usually pays on time"],
        "notes": ["First overdue invoice on this account"],
        "objective": "Secure a dated payment for MR-2001 ($980.00).",
        "greeting": "Morgan and Reed, accounts, Alex speaking.",
        "good_say": "Good afternoon Alex, Sam from Northwind Supply about invoice MR-2001 for $980, 30 days "
                    "overdue. Is this a good moment?",
        "good_rules": ["do-state-purpose-clearly", "do-stay-professional"],
        "good_feedback": "Who you are, why you're calling and the exact invoice, politely.",
        "poor_say": "Hi, it's about some money you owe us.",
        "poor_rules": ["do-state-purpose-clearly", "do-quote-exact-figures"],
        "poor_feedback": "Vague and a little blunt: name the invoice and the amount.",
        "hostile_say": "Alex, this is the last time I'm asking nicely.",
        "hostile_feedback": "A threat on a first overdue invoice is out of proportion; he hangs up.",
        "situation": "Hm, I thought we'd paid that. Let me check... no, it's still open.",
        "listen_say": "Thanks for checking. Is anything holding it up on your side?",
        "listen_rules": ["do-listen-actively", "do-find-root-cause"],
        "listen_feedback": "You asked why before asking when.",
        "push_say": "Well, it needs paying now.",
        "push_rules": ["dont-be-aggressive", "do-listen-actively"],
        "push_feedback": "Pushing before you know the reason. Whether he stays depends on the opening.",
        "offer": "It just slipped through. I can put it in the next payment run.",
        "close_say": "That would be great. When is the next run, and can you confirm the $980 will be in it?",
        "close_rules": ["do-secure-dated-commitment", "do-set-clear-expectations"],
        "close_feedback": "You turned 'the next run' into a date and an amount.",
        "vague_say": "Okay, whenever suits.",
        "vague_rules": ["do-secure-dated-commitment"],
        "vague_feedback": "'Whenever' is not a commitment.",
        "commit_id": "pays-in-full", "commitment": "full", "amount": 980.00, "days": 2,
        "commit_line": "Thursday's run, the full $980. I'll confirm by email.",
        "callback_line": "I'll look into it and get back to you.",
        "hang_up_line": "I don't need to listen to this. Goodbye.",
    },
}


def starter_for(archetype: str) -> Mapping[str, object]:
    """The starter words for an archetype (the general ones for an archetype without its own)."""
    return STARTERS.get(archetype, STARTERS["general"])
