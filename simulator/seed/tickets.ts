// Seed ~60 tickets over ~90 days (mixed status/priority, a few spam/deleted/HR ones) and their conversations.

import type { Rng } from "../prng";
import { findUser, type TenantState, userEmail } from "../tenant-state";
import { applyStatusChange, buildConversation, buildTicket, type NewTicketInput } from "../ticket-model";
import { DAY_MS, formatTimestamp, HOUR_MS } from "../time";
import type { CustomFieldValue, Group, Requester, Ticket } from "../types";

export const VPN_TICKET_SUBJECT = "VPN keeps disconnecting when working from home";

type GroupKey = "sd" | "infra" | "euc" | "sec";

interface Template {
  subject: string;
  detail: string;
  category: [string, string, string];
  service: string | null;
  group: GroupKey;
  tags: string[];
  device?: [string, string];
  type?: string;
}

const T = (
  subject: string,
  detail: string,
  category: [string, string, string],
  service: string | null,
  group: GroupKey,
  tags: string[],
  extra: Partial<Template> = {},
): Template => ({ subject, detail, category, service, group, tags, ...extra });

const TEMPLATES: Template[] = [
  T(
    "Laptop won't turn on",
    "My laptop shows a black screen and will not boot, even when plugged in.",
    ["Hardware", "Computer", "Mac"],
    "Laptop",
    "euc",
    ["hardware"],
    { device: ["Laptop", "MacBook Pro M3"] },
  ),
  T(
    "Outlook keeps asking for my password",
    "Outlook prompts for my password every few minutes since this morning.",
    ["Software", "Microsoft 365", "Outlook"],
    "Email",
    "sd",
    ["email", "outlook"],
  ),
  T(
    "Need access to the Finance shared drive",
    "I joined the FP&A team and need read/write access to the Finance shared drive.",
    ["Access", "Permissions", "Shared drive"],
    null,
    "sec",
    ["access"],
    { type: "Service Request" },
  ),
  T(
    "Wi-Fi drops in the 3rd floor meeting rooms",
    "The wireless connection drops every 10 minutes in rooms 3A-3D.",
    ["Network", "Wi-Fi", "Office Wi-Fi"],
    "Wi-Fi",
    "infra",
    ["wifi", "network"],
  ),
  T(
    "Printer on 2nd floor is jammed",
    "The big printer near the kitchen shows a paper jam error that will not clear.",
    ["Hardware", "Peripherals", "Printer"],
    "Printing",
    "euc",
    ["printer"],
  ),
  T(
    "Zoom Room display not working in the Boardroom",
    "The Boardroom screen says 'No signal' when we start a Zoom meeting.",
    ["Software", "Zoom", "Zoom Rooms"],
    "Video Conferencing",
    "euc",
    ["zoom", "meeting-room"],
  ),
  T(
    "Password reset request",
    "I forgot my password after vacation and the self-service reset link expired.",
    ["Access", "Accounts", "Password reset"],
    null,
    "sd",
    ["password"],
  ),
  T(
    "Request for a second monitor",
    "Please provide a second monitor for my desk on the 4th floor.",
    ["Hardware", "Peripherals", "Monitor"],
    "Laptop",
    "euc",
    ["hardware", "monitor"],
    { type: "Service Request", device: ["Monitor", "Dell U2723QE"] },
  ),
  T(
    "NetSuite report export fails with a timeout",
    "Exporting the monthly AP aging report times out after two minutes.",
    ["Software", "ERP", "NetSuite"],
    "ERP",
    "sd",
    ["erp", "netsuite"],
  ),
  T(
    "MFA push notifications not arriving",
    "Okta Verify push notifications stopped arriving on my new phone.",
    ["Access", "Accounts", "MFA"],
    null,
    "sec",
    ["mfa", "okta"],
  ),
  T(
    "Suspicious e-mail reported",
    "I received an e-mail asking me to confirm my payroll details through an external link.",
    ["Other", "General", "Question"],
    "Email",
    "sec",
    ["security", "phishing"],
  ),
  T(
    "Teams calls have an echo",
    "Everyone hears an echo on my Teams calls when I use the laptop speakers.",
    ["Software", "Microsoft 365", "Teams"],
    "Video Conferencing",
    "sd",
    ["teams", "audio"],
  ),
  T(
    "Excel crashes when opening large files",
    "Excel closes without an error when I open the 80 MB forecast workbook.",
    ["Software", "Microsoft 365", "Excel"],
    null,
    "sd",
    ["excel"],
  ),
  T(
    "Keyboard keys sticking",
    "Several keys on my laptop keyboard stick and repeat characters.",
    ["Hardware", "Peripherals", "Keyboard"],
    "Laptop",
    "euc",
    ["hardware"],
    { device: ["Laptop", "Dell Latitude 7440"] },
  ),
  T(
    "iPhone not syncing company e-mail",
    "My company iPhone stopped syncing mail and calendar yesterday.",
    ["Hardware", "Mobile", "iPhone"],
    "Email",
    "euc",
    ["mobile", "email"],
    { device: ["Phone", "iPhone 15"] },
  ),
  T(
    "Internet is very slow in the New York office",
    "Pages take 30+ seconds to load for everyone on the NY office network.",
    ["Network", "Internet", "ISP outage"],
    "Wi-Fi",
    "infra",
    ["network", "outage"],
  ),
  T(
    "Laptop battery drains quickly",
    "Battery lasts under two hours even with the screen dimmed.",
    ["Hardware", "Computer", "Windows PC"],
    "Laptop",
    "euc",
    ["hardware", "battery"],
    { device: ["Laptop", "ThinkPad X1 Carbon"] },
  ),
  T(
    "Request admin rights to install Docker",
    "I need local admin rights, or an approved install, for Docker Desktop.",
    ["Access", "Permissions", "Application access"],
    null,
    "sec",
    ["access", "software"],
    { type: "Service Request" },
  ),
  T(
    "Cannot join the guest Wi-Fi",
    "A visiting customer cannot join Acme-Guest; the captive portal never loads.",
    ["Network", "Wi-Fi", "Guest Wi-Fi"],
    "Wi-Fi",
    "infra",
    ["wifi"],
  ),
  T(
    "Blue screen after Windows update",
    "My PC shows a blue screen (IRQL_NOT_LESS_OR_EQUAL) after last night's update.",
    ["Hardware", "Computer", "Windows PC"],
    "Laptop",
    "euc",
    ["hardware", "windows"],
    { device: ["Desktop", "Dell OptiPlex 7010"] },
  ),
  T(
    "Slow VPN speeds in the evening",
    "GlobalProtect connects but file transfers crawl after 6 pm.",
    ["Network", "VPN", "GlobalProtect"],
    "VPN",
    "infra",
    ["vpn"],
  ),
  T(
    "Shared mailbox missing from Outlook",
    "The support@ shared mailbox disappeared from my Outlook folder list.",
    ["Software", "Microsoft 365", "Outlook"],
    "Email",
    "sd",
    ["email", "outlook"],
  ),
  T(
    "Locked out after too many sign-in attempts",
    "My account is locked and I cannot sign in to anything.",
    ["Access", "Accounts", "Password reset"],
    null,
    "sd",
    ["password", "lockout"],
  ),
  T(
    "HDMI adapter missing in room 4B",
    "The USB-C to HDMI adapter in room 4B is gone; we cannot present.",
    ["Hardware", "Peripherals", "Monitor"],
    "Video Conferencing",
    "euc",
    ["meeting-room"],
  ),
  T(
    "Software license request: Adobe Acrobat Pro",
    "I need Acrobat Pro to prepare signed contracts for customers.",
    ["Access", "Permissions", "Application access"],
    null,
    "sd",
    ["software", "license"],
    { type: "Service Request" },
  ),
];

const GROUP_NAMES: Record<GroupKey, string> = {
  sd: "Service Desk",
  infra: "Network & Infrastructure",
  euc: "End User Computing",
  sec: "Security",
};

const HR_TICKETS: Array<[subject: string, detail: string]> = [
  [
    "Update my bank details for payroll",
    "I changed banks; please update my direct deposit details before the next run.",
  ],
  ["Question about the parental leave policy", "How many weeks of paid leave are available and how do I apply?"],
  ["Employment verification letter", "My landlord needs a letter confirming my employment and salary."],
];

const TICKET_COUNT = 60;

export function seedTickets(state: TenantState, now: number, rng: Rng): void {
  const requesters = [...state.requesters.values()].filter((r) => r.active);
  if (requesters.length === 0) return;
  const groups = new Map<GroupKey, Group | undefined>(
    (Object.keys(GROUP_NAMES) as GroupKey[]).map((k) => [
      k,
      [...state.groups.values()].find((g) => g.name === GROUP_NAMES[k]),
    ]),
  );
  const hrAgent = [...state.agents.values()].find((a) => a.workspace_ids.includes(3));
  const byName = (first: string) => requesters.find((r) => r.first_name === first) ?? (requesters[0] as Requester);
  const defs = new Set(state.ticketCustomFields.flatMap((d) => [d.name, ...(d.nestedLevels ?? []).map((l) => l.name)]));
  const custom = (values: Record<string, CustomFieldValue>) =>
    Object.fromEntries(Object.entries(values).filter(([k]) => defs.has(k)));

  for (let i = 0; i < TICKET_COUNT; i++) {
    const age = ((TICKET_COUNT - 1 - i) * 1.5 + rng.next() * 1.2) * DAY_MS + 2 * HOUR_MS;
    const createdAt = now - age;
    const ageDays = age / DAY_MS;
    let template = TEMPLATES[i % TEMPLATES.length] as Template;
    let requester = rng.pick(requesters);
    let status = ageDays > 20 ? rng.pick([4, 4, 5, 5, 5, 4, 5, 2, 3, 5]) : rng.pick([2, 2, 2, 3, 3, 4, 2, 4, 5, 2]);
    let priority = rng.pick([1, 1, 2, 2, 2, 3, 3, 4]);
    let workspaceId = 2;
    let hrSubject: [string, string] | undefined;
    let spam = false;
    let deleted = false;

    // Fixed tickets that other tests rely on.
    if (i === 57) {
      template = T(
        VPN_TICKET_SUBJECT,
        "Since Monday GlobalProtect disconnects every 15-20 minutes when I work from home. I have to sign in again each time and lose my SSH sessions.",
        ["Network", "VPN", "GlobalProtect"],
        "VPN",
        "infra",
        ["vpn", "remote-work"],
        { device: ["Laptop", "MacBook Pro M3"] },
      );
      requester = byName("John");
      status = 2;
      priority = 3;
    } else if (i === 12) {
      template = T(
        "Cannot connect to VPN after password change",
        "GlobalProtect rejects my credentials since I changed my password.",
        ["Network", "VPN", "GlobalProtect"],
        "VPN",
        "infra",
        ["vpn"],
      );
      status = 5;
    } else if (i === 45) {
      template = T(
        "Congratulations! You have won a $500 gift card",
        "Click here to claim your prize today!!!",
        ["Other", "General", "Question"],
        null,
        "sd",
        [],
      );
      spam = true;
      status = 2;
    } else if (i === 50) {
      template = T(
        "test ticket please ignore",
        "Testing the e-mail integration.",
        ["Other", "General", "Question"],
        null,
        "sd",
        ["test"],
      );
      deleted = true;
    } else if (i === 20 || i === 35 || i === 48) {
      hrSubject = HR_TICKETS[i === 20 ? 0 : i === 35 ? 1 : 2];
      workspaceId = 3;
    }
    if (byName("Sarah") === requester) priority = Math.max(priority, 3);

    const group = hrSubject ? undefined : groups.get(template.group);
    const unassigned = status === 2 && rng.chance(0.3) && i !== 57;
    const responderId = hrSubject ? (hrAgent?.id ?? null) : unassigned ? null : group ? rng.pick(group.members) : null;
    const input: NewTicketInput = hrSubject
      ? {
          subject: hrSubject[0],
          description: `<div>${hrSubject[1]}</div>`,
          requester_id: requester.id,
          type: "Service Request",
          priority: 2,
          source: 2,
          workspace_id: workspaceId,
          responder_id: responderId,
        }
      : {
          subject: template.subject,
          description: `<div>${template.detail}</div>`,
          requester_id: requester.id,
          status: 2,
          priority,
          urgency: Math.min(3, priority),
          impact: template.group === "infra" ? 3 : Math.min(3, Math.max(1, priority - 1)),
          source: rng.pick([1, 2, 2, 3, 4, 10]),
          type: template.type ?? "Incident",
          responder_id: responderId,
          group_id: group?.id ?? null,
          category: template.category[0],
          sub_category: template.category[1],
          item_category: template.category[2],
          tags: template.tags,
          custom_fields: custom({
            cf_impacted_service: template.service,
            cf_device_type: template.device?.[0] ?? null,
            cf_device_model: template.device?.[1] ?? null,
            cf_affected_users: template.group === "infra" ? rng.int(10, 150) : 1,
            cf_vip: requester.first_name === "Sarah",
          }),
        };
    const ticket = buildTicket(state, input, createdAt);
    ticket.spam = spam;
    ticket.deleted = deleted;
    if (i % 7 === 0) ticket.watcher_ids.push(state.currentAgentId);
    state.tickets.set(ticket.id, ticket);
    addHistory(state, ticket, status, createdAt, now, rng);
  }
}

/** Conversations and the final status, spread between creation and now. */
function addHistory(
  state: TenantState,
  ticket: Ticket,
  finalStatus: number,
  createdAt: number,
  now: number,
  rng: Rng,
): void {
  const requester = findUser(state, ticket.requester_id);
  const requesterEmail = requester ? userEmail(requester) : null;
  const agentId = ticket.responder_id ?? state.currentAgentId;
  const agent = state.agents.get(agentId);
  let at = createdAt;
  const step = () => {
    at = Math.min(now - 60_000, at + rng.int(1, 18) * HOUR_MS);
    return at;
  };
  const add = (kind: "reply" | "note" | "incoming", body: string) => {
    const c = buildConversation(
      state,
      {
        ticket,
        kind,
        body,
        user_id: kind === "incoming" ? ticket.requester_id : agentId,
        from_email: kind === "incoming" ? requesterEmail : null,
        to_emails: kind === "reply" && requesterEmail ? [requesterEmail] : [`support@${state.domain}`],
      },
      step(),
    );
    state.conversations.set(c.id, c);
  };
  const untouched = finalStatus === 2 && ticket.responder_id === null;
  if (!untouched && !ticket.spam) {
    add(
      "reply",
      `<div>Hi ${requester?.first_name ?? "there"}, thanks for reporting this. I'm looking into it now.</div>`,
    );
    if (rng.chance(0.5))
      add(
        "note",
        `<div>Checked the logs; ${agent ? agent.first_name : "agent"} to follow up with the vendor if needed.</div>`,
      );
    if (finalStatus === 3) add("reply", "<div>Could you confirm whether this still happens after a restart?</div>");
    if (rng.chance(0.4))
      add("incoming", "<div>Thanks, that helps. Let me know if you need anything else from me.</div>");
    if (finalStatus >= 4)
      add("reply", "<div>This should now be fixed. I'm marking the ticket resolved; reply if it comes back.</div>");
  }
  applyStatusChange(ticket, finalStatus, step());
  if (finalStatus === 5 && ticket.stats.resolved_at) ticket.stats.closed_at = formatTimestamp(at);
  ticket.updated_at = formatTimestamp(at);
  ticket.stats.updated_at = ticket.updated_at;
}
