/**
 * Discovery's search, judged the way an L1 agent would use it: a plain-language task must find the right tool
 * among the first three, over the whole catalog.
 */
import { describe, expect, it } from "vitest";
import { bundledCatalog } from "../../worker/catalog/bundled-catalog";
import { toolSearch } from "../../worker/catalog/tool-search";
import { ownTools } from "../../worker/tools/own-tools";

const search = toolSearch(bundledCatalog());
const TOP = 3;

describe("search_tools ranking: the action, not its condition", () => {
  it.each([
    ["put a ticket on hold until the customer answers", "update_a_freshservice_ticket_by_id"],
    ["pause the ticket while the vendor investigates", "update_a_freshservice_ticket_by_id"],
    ["reply to the customer once the laptop arrives", "freshservice_ticket_reply"],
    ["close a ticket as resolved", "update_a_freshservice_ticket_by_id"],
    ["reply to the user on their ticket", "freshservice_ticket_reply"],
  ])("%j ranks %s first", (query, expected) => {
    expect(search.search(query, 1)[0]?.tool.name).toBe(expected);
  });
});

describe("search_tools ranking", () => {
  it.each([
    ["put a ticket on hold until the customer answers", "update_a_freshservice_ticket_by_id"],
    ["find laptops in stock", "list_all_freshservice_assets"],
    ["who approved this change", "list_all_freshservice_change_approvals"],
    ["reply to the user on their ticket", "freshservice_ticket_reply"],
    ["add an internal note to a ticket", "create_a_freshservice_ticket_note"],
    ["show all open high priority tickets", "list_all_freshservice_tickets"],
    ["open a new incident for a broken printer", "create_a_freshservice_ticket"],
    ["search the knowledge base for vpn setup", "freshservice_solution_article_search"],
    ["is there an article on how to reset a password", "freshservice_solution_article_search"],
    ["start onboarding for a new hire", "create_a_freshservice_onboarding_request"],
    ["offboard an employee who is leaving the company", "create_a_freshservice_offboarding_request"],
    ["log two hours of work on a ticket", "create_a_freshservice_ticket_time_entry"],
    ["reassign the ticket to the network team", "update_a_freshservice_ticket_by_id"],
    ["close a ticket as resolved", "update_a_freshservice_ticket_by_id"],
    ["look up a requester by email address", "list_all_freshservice_requesters"],
    ["find an agent by name", "list_all_freshservice_agents"],
    ["order a new laptop from the service catalog", "freshservice_service_item_place_request"],
    [
      "what can employees request in the service catalog",
      ["list_all_freshservice_service_items", "freshservice_service_item_search"],
    ],
    ["escalate an incident to a major incident", "freshservice_ticket_promote"],
    ["create a problem record for recurring outages", "create_a_freshservice_problem"],
    ["raise a change for the database upgrade next weekend", "create_a_freshservice_change"],
    ["remind the approver of a pending change approval", "freshservice_change_approval_remind"],
    ["which tickets are linked to this asset", "list_all_freshservice_asset_requests"],
    ["assign a laptop to an employee", "update_a_freshservice_asset_by_id"],
    ["who used this laptop before", "list_all_freshservice_asset_assignment_history"],
    ["how many software licenses do we have", "list_all_freshservice_software_licenses"],
    ["when does our contract with the vendor expire", "list_all_freshservice_contracts"],
    ["list our suppliers", "list_all_freshservice_vendors"],
    ["create a purchase order for monitors", "create_a_freshservice_purchase_order"],
    ["post an announcement about the email outage", "create_a_freshservice_announcement"],
    ["use a canned response template", "list_all_freshservice_canned_responses"],
    ["what are the SLA policies", "list_all_freshservice_sla_policies"],
    ["what are our support business hours", "list_all_freshservice_business_hours"],
    ["add a task to the ticket for a desk-side visit", "create_a_freshservice_ticket_task"],
    ["read the conversation history of a ticket", "list_all_freshservice_ticket_conversations"],
    ["what custom fields does the ticket form have", "list_all_freshservice_ticket_form_fields"],
    ["restore a ticket deleted by mistake", "freshservice_ticket_restore"],
    ["merge duplicate requester accounts", "freshservice_requester_merge"],
    ["deactivate a requester who left", "delete_a_freshservice_requester_by_id"],
    ["list the departments", "list_all_freshservice_departments"],
    ["find an office location", "list_all_freshservice_locations"],
    ["customer satisfaction survey answer for a ticket", "get_single_freshservice_ticket_csat_response_by_id"],
    ["who changed the ticket priority", "list_all_freshservice_ticket_activities"],
    ["list the agent groups", "list_all_freshservice_agent_groups"],
    ["who is on the change advisory board", "list_all_freshservice_cabs"],
    ["who approved the service request", "list_all_freshservice_ticket_approvals"],
    ["export the admin audit trail", "freshservice_audit_log_export"],
    ["link a ticket to a project", "create_a_freshservice_project_associated_ticket"],
    ["split off a child ticket", "freshservice_ticket_create_child"],
    ["make a requester an agent", "freshservice_requester_convert_to_agent"],
    ["status of an onboarding request", "get_single_freshservice_onboarding_request_by_id"],
    ["send a knowledge article for review", "freshservice_solution_article_send_for_approval"],
    ["write a how-to article for the knowledge base", "create_a_freshservice_solution_article"],
    ["details of one ticket", "get_single_freshservice_ticket_by_id"],
    ["upcoming releases", "list_all_freshservice_releases"],
    ["post an update on the status page about the outage", "create_a_freshservice_status_page_incident_update"],
    ["send an email to the stakeholders of the major incident", "create_a_freshservice_ticket_communication"],
  ])("%s → %s", (query, expected) => {
    const found = search.search(query, TOP).map((m) => m.tool.name);
    // Where two tools serve the task equally well, either may come first.
    const acceptable = typeof expected === "string" ? [expected] : expected;
    expect(
      found.filter((name) => acceptable.includes(name)),
      found.join(", "),
    ).not.toEqual([]);
  });

  it("returns nothing for a query without a meaningful word, and honours the limit", () => {
    expect(search.search("the of and", 5)).toEqual([]);
    expect(search.search("ticket", 4)).toHaveLength(4);
  });
});

describe("search_tools ranking with the Worker's own tools, as a URL with every tool has them", () => {
  const withOwn = toolSearch([
    ...bundledCatalog(),
    ...ownTools(() => true, "https://acme.freshservice.com").searchable,
  ]);

  it.each([
    ["how many P1 incidents did each group get last week", "freshservice_count_records"],
    ["count open tickets by priority", "freshservice_count_records"],
    ["how many software licenses do we have", "list_all_freshservice_software_licenses"],
    // Files: reading one finds the attachment reader; attaching one finds the write that takes attachments, not
    // an attachment delete whose name matches more words; deleting one still finds the delete.
    ["read the log file attached to ticket 58", "get_single_freshservice_attachment_content"],
    ["show me the screenshot attached to the ticket", "get_single_freshservice_attachment_content"],
    ["create a ticket with an attachment", "create_a_freshservice_ticket"],
    ["attach a file to a ticket reply", "freshservice_ticket_reply"],
    ["attach a screenshot to a ticket reply", "freshservice_ticket_reply"],
    ["upload the error log to ticket 58 as a note", "create_a_freshservice_ticket_note"],
    ["add a note with a screenshot attached", "create_a_freshservice_ticket_note"],
    ["delete the attachment from ticket 5", "delete_a_freshservice_ticket_attachment_by_id"],
  ])("%j ranks %s first", (query, expected) => {
    const found = withOwn.search(query, TOP).map((m) => m.tool.name);
    expect(found[0], found.join(", ")).toBe(expected);
  });

  it("a task that lists records still finds the list tool among the first three", () => {
    const found = withOwn.search("show all open high priority tickets", TOP).map((m) => m.tool.name);
    expect(found, found.join(", ")).toContain("list_all_freshservice_tickets");
  });
});
