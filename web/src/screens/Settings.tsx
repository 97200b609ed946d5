// Settings (managers and admins): cadence rules, loyalty, case deadlines, care, renewals; for
// admins also users and API tokens. Loaded as its own chunk on first visit. A rep who opens the
// address is told why there is nothing for them here.
import type { User } from "../types";
import { Cadences } from "./settings/Cadences";
import { CareCard, CasePolicyCard, LoyaltyCard, RenewalsCard } from "./settings/Policies";
import { Tokens } from "./settings/Tokens";
import { Users } from "./settings/Users";

export function Settings(props: { user: User }) {
  if (props.user.role === "rep") {
    return (
      <section>
        <h1>Settings</h1>
        <div class="error" role="alert">Only managers and admins change the workspace's settings. Ask your manager if a rule should change.</div>
      </section>
    );
  }
  const admin = props.user.role === "admin";
  return (
    <section class="settings">
      <h1>Settings</h1>
      <nav class="row small" aria-label="Settings sections">
        <a href="#cadences">Cadence rules</a><a href="#loyalty">Loyalty</a><a href="#cases">Case deadlines</a>
        <a href="#care">Care</a><a href="#renewals">Renewals</a>
        {admin && <><a href="#users">Users</a><a href="#tokens">API tokens</a></>}
      </nav>
      <div id="cadences"><Cadences /></div>
      <div id="loyalty"><LoyaltyCard /></div>
      <div id="cases"><CasePolicyCard /></div>
      <div id="care"><CareCard /></div>
      <div id="renewals"><RenewalsCard /></div>
      {admin && <div id="users"><Users me={props.user} /></div>}
      {admin && <div id="tokens"><Tokens /></div>}
    </section>
  );
}

export default Settings;
