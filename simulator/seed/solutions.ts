// Seed knowledge base: categories, folders and articles, including the published GlobalProtect VPN guide.

import { buildSolutionArticle, buildSolutionCategory, buildSolutionFolder } from "../solution-model";
import type { TenantState } from "../tenant-state";
import { DAY_MS, formatTimestamp } from "../time";

export const VPN_ARTICLE_TITLE = "How to set up the VPN client (GlobalProtect)";

const CATEGORIES: Array<[name: string, description: string, folders: Array<[name: string, description: string]>]> = [
  [
    "IT Help & How-To",
    "Guides for everyday IT tasks",
    [
      ["Network & VPN", "Remote access, Wi-Fi and connectivity"],
      ["Email & Collaboration", "Outlook, Teams and Zoom"],
    ],
  ],
  [
    "Hardware & Devices",
    "Laptops, phones and peripherals",
    [["Laptops & Peripherals", "Requesting, returning and fixing devices"]],
  ],
  ["Accounts & Access", "Passwords, MFA and permissions", [["Passwords & MFA", "Sign-in help"]]],
  ["HR & Onboarding", "Getting started at the company", [["New Hire Guides", "Your first weeks"]]],
];

type ArticleSeed = [folder: string, title: string, html: string, tags: string[], status?: 1 | 2];

const ARTICLES: ArticleSeed[] = [
  [
    "Network & VPN",
    VPN_ARTICLE_TITLE,
    "<p>Use GlobalProtect to reach internal systems when you are outside the office.</p>" +
      "<ol><li>Open Self Service (Mac) or Software Center (Windows) and install <b>GlobalProtect</b>.</li>" +
      "<li>Launch GlobalProtect and enter the portal address <code>vpn.acme.example</code>.</li>" +
      "<li>Sign in with your company e-mail and password, then approve the Okta Verify push.</li>" +
      "<li>The icon turns solid when connected. Disconnect when you no longer need internal resources.</li></ol>" +
      "<p>Still stuck? See <i>Troubleshooting VPN disconnections</i> or raise a ticket with the Service Desk.</p>",
    ["vpn", "globalprotect", "remote access"],
  ],
  [
    "Network & VPN",
    "Troubleshooting VPN disconnections",
    "<p>If GlobalProtect keeps disconnecting:</p><ul><li>Check your home internet connection first.</li>" +
      "<li>Quit and reopen GlobalProtect, then choose <b>Refresh Connection</b>.</li>" +
      "<li>Make sure your laptop clock is set automatically; a wrong clock breaks sign-in.</li>" +
      "<li>Switch from Wi-Fi to a cable or a phone hotspot to rule out your router.</li></ul>",
    ["vpn", "globalprotect", "troubleshooting"],
  ],
  [
    "Network & VPN",
    "Connecting to the office Wi-Fi",
    "<p>Join <b>Acme-Corp</b> with your company credentials. Visitors use <b>Acme-Guest</b>; the password is at reception.</p>",
    ["wi-fi", "wireless", "network"],
  ],
  [
    "Network & VPN",
    "Draft: Migrating to the new VPN gateway",
    "<p>Internal draft: steps for moving users to the new gateway next quarter.</p>",
    ["vpn", "draft"],
    1,
  ],
  [
    "Email & Collaboration",
    "Set up Outlook on your phone",
    "<p>Install Microsoft Outlook from the App Store or Google Play, add your work account and approve the MFA prompt.</p>",
    ["email", "outlook", "mobile"],
  ],
  [
    "Email & Collaboration",
    "Using Zoom Rooms in conference rooms",
    "<p>Tap <b>Meet Now</b> on the room controller, or share your screen wirelessly with the sharing key shown on the display.</p>",
    ["zoom", "meetings"],
  ],
  [
    "Laptops & Peripherals",
    "Request a new or replacement laptop",
    "<p>Open the Service Catalog and choose <b>Laptop request</b>. Standard models: MacBook Pro M3 14-inch (engineering) and Dell Latitude 7440.</p>",
    ["laptop", "hardware", "request"],
  ],
  [
    "Laptops & Peripherals",
    "Install printer drivers on macOS",
    "<p>Printers install automatically through Self Service. Choose <b>Office Printers</b> and click Install.</p>",
    ["printer", "macos"],
  ],
  [
    "Laptops & Peripherals",
    "Return a laptop to IT",
    "<p>Wipe nothing yourself. Bring the laptop and charger to the IT bar or request a prepaid shipping box.</p>",
    ["laptop", "return", "offboarding"],
  ],
  [
    "Passwords & MFA",
    "Reset your password with self-service",
    "<p>Go to <code>login.acme.example</code>, choose <b>Forgot password</b> and verify with Okta Verify or SMS.</p>",
    ["password", "reset", "okta"],
  ],
  [
    "Passwords & MFA",
    "Enroll in multi-factor authentication (Okta Verify)",
    "<p>Install Okta Verify on your phone, sign in to the dashboard and scan the QR code under Settings → Security methods.</p>",
    ["mfa", "okta", "security"],
  ],
  [
    "New Hire Guides",
    "Your first day: IT checklist for new hires",
    "<ol><li>Collect your laptop from IT.</li><li>Set your password and enroll in MFA.</li>" +
      "<li>Install GlobalProtect for remote work.</li><li>Join the #it-help Slack channel.</li></ol>",
    ["onboarding", "new hire", "checklist"],
  ],
];

export function seedSolutions(state: TenantState, now: number): void {
  const ts = (daysAgo: number) => formatTimestamp(now - daysAgo * DAY_MS);
  const author = state.currentAgentId;
  const folderIds = new Map<string, { id: number; categoryId: number }>();
  CATEGORIES.forEach(([name, description, folders], ci) => {
    const category = buildSolutionCategory(
      state,
      { name, description, workspace_id: 2, position: ci + 1 },
      ts(500 - ci),
    );
    state.solutionCategories.set(category.id, category);
    folders.forEach(([fname, fdesc], fi) => {
      const folder = buildSolutionFolder(
        state,
        { name: fname, description: fdesc, category_id: category.id, visibility: 1, position: fi + 1, workspace_id: 2 },
        {},
        ts(490 - fi),
      );
      folderIds.set(fname, { id: folder.id, categoryId: category.id });
      state.solutionFolders.set(folder.id, folder);
    });
  });
  const positions = new Map<number, number>();
  ARTICLES.forEach(([folder, title, html, tags, status = 2], i) => {
    const f = folderIds.get(folder);
    if (!f) return;
    const position = (positions.get(f.id) ?? 0) + 1;
    positions.set(f.id, position);
    const article = buildSolutionArticle(
      state,
      {
        title,
        description: html.replaceAll("acme.example", `${state.name}.example`),
        folder_id: f.id,
        category_id: f.categoryId,
        status,
        article_type: 1,
        position,
        tags,
        keywords: tags,
        url: null,
        review_date: null,
        workspace_id: 2,
        author,
        created_at: ts(400 - i * 25),
        modified_at: ts(100 - i * 5),
      },
      {
        views: status === 2 ? 40 + ((i * 37) % 300) : 0,
        thumbs_up: status === 2 ? (i * 7) % 25 : 0,
        thumbs_down: i % 3,
        inserted_into_tickets: i * 2,
      },
    );
    state.solutionArticles.set(article.id, article);
  });
}
