export namespace app {
	
	export class About {
	    version: string;
	    commit: string;
	    os: string;
	    arch: string;
	    go: string;
	    data_folder: string;
	    demo: boolean;
	
	    static createFrom(source: any = {}) {
	        return new About(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.commit = source["commit"];
	        this.os = source["os"];
	        this.arch = source["arch"];
	        this.go = source["go"];
	        this.data_folder = source["data_folder"];
	        this.demo = source["demo"];
	    }
	}
	export class Recovery {
	    damaged: boolean;
	    reason: string;
	    moved_to: string;
	    latest?: workspace.BackupInfo;
	    message: string;
	    kept_integrations: string[];
	    kept_from: string;
	
	    static createFrom(source: any = {}) {
	        return new Recovery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.damaged = source["damaged"];
	        this.reason = source["reason"];
	        this.moved_to = source["moved_to"];
	        this.latest = this.convertValues(source["latest"], workspace.BackupInfo);
	        this.message = source["message"];
	        this.kept_integrations = source["kept_integrations"];
	        this.kept_from = source["kept_from"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace connector {
	
	export class Field {
	    key: string;
	    label: string;
	    help: string;
	    required: boolean;
	    placeholder: string;
	    managed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Field(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.label = source["label"];
	        this.help = source["help"];
	        this.required = source["required"];
	        this.placeholder = source["placeholder"];
	        this.managed = source["managed"];
	    }
	}

}

export namespace workspace {
	
	export class AccountNoteInput {
	    psa_integration_id: number;
	    account_id: string;
	    note: string;
	    tags: string[];
	
	    static createFrom(source: any = {}) {
	        return new AccountNoteInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.psa_integration_id = source["psa_integration_id"];
	        this.account_id = source["account_id"];
	        this.note = source["note"];
	        this.tags = source["tags"];
	    }
	}
	export class AgreementOption {
	    id: string;
	    name: string;
	    prorates: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AgreementOption(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.prorates = source["prorates"];
	    }
	}
	export class PlannedWrite {
	    kind: string;
	    method: string;
	    path: string;
	    body: string;
	    preview: string;
	    agreement_name: string;
	    invoice_description: string;
	    has_invoice_description: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PlannedWrite(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.method = source["method"];
	        this.path = source["path"];
	        this.body = source["body"];
	        this.preview = source["preview"];
	        this.agreement_name = source["agreement_name"];
	        this.invoice_description = source["invoice_description"];
	        this.has_invoice_description = source["has_invoice_description"];
	    }
	}
	export class ApprovePreview {
	    card_id: string;
	    writes: PlannedWrite[];
	    effective: string;
	    prorated: boolean;
	    explanation: string;
	    large: boolean;
	    agreements: AgreementOption[];
	
	    static createFrom(source: any = {}) {
	        return new ApprovePreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.card_id = source["card_id"];
	        this.writes = this.convertValues(source["writes"], PlannedWrite);
	        this.effective = source["effective"];
	        this.prorated = source["prorated"];
	        this.explanation = source["explanation"];
	        this.large = source["large"];
	        this.agreements = this.convertValues(source["agreements"], AgreementOption);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ApproveRequest {
	    card_id: string;
	    quantity: string;
	    effective: string;
	    agreement_id: string;
	    line_id: string;
	    note: string;
	    confirm_large: boolean;
	    dry_run: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ApproveRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.card_id = source["card_id"];
	        this.quantity = source["quantity"];
	        this.effective = source["effective"];
	        this.agreement_id = source["agreement_id"];
	        this.line_id = source["line_id"];
	        this.note = source["note"];
	        this.confirm_large = source["confirm_large"];
	        this.dry_run = source["dry_run"];
	    }
	}
	export class PushEntry {
	    id: number;
	    decision_id: number;
	    card_id: string;
	    integration: string;
	    state: string;
	    revert: boolean;
	    preview: string;
	    attempts: number;
	    next_attempt_at: string;
	    last_error: string;
	    updated_at: string;
	    waiting: string;
	
	    static createFrom(source: any = {}) {
	        return new PushEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.decision_id = source["decision_id"];
	        this.card_id = source["card_id"];
	        this.integration = source["integration"];
	        this.state = source["state"];
	        this.revert = source["revert"];
	        this.preview = source["preview"];
	        this.attempts = source["attempts"];
	        this.next_attempt_at = source["next_attempt_at"];
	        this.last_error = source["last_error"];
	        this.updated_at = source["updated_at"];
	        this.waiting = source["waiting"];
	    }
	}
	export class ApproveResult {
	    card_id: string;
	    decision_id: number;
	    decision: string;
	    writes: PlannedWrite[];
	    pushes: PushEntry[];
	    dry_run: boolean;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new ApproveResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.card_id = source["card_id"];
	        this.decision_id = source["decision_id"];
	        this.decision = source["decision"];
	        this.writes = this.convertValues(source["writes"], PlannedWrite);
	        this.pushes = this.convertValues(source["pushes"], PushEntry);
	        this.dry_run = source["dry_run"];
	        this.message = source["message"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AutoTrueUpAgreement {
	    psa_integration_id: number;
	    account_id: string;
	    agreement_id: string;
	
	    static createFrom(source: any = {}) {
	        return new AutoTrueUpAgreement(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.psa_integration_id = source["psa_integration_id"];
	        this.account_id = source["account_id"];
	        this.agreement_id = source["agreement_id"];
	    }
	}
	export class AutoTrueUpEnable {
	    integration_id: number;
	    billing_style: string;
	    prorate: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AutoTrueUpEnable(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.billing_style = source["billing_style"];
	        this.prorate = source["prorate"];
	    }
	}
	export class AutoTrueUpItem {
	    card_id: string;
	    account_name: string;
	    product_name: string;
	    action: string;
	    psa_quantity: string;
	    vendor_quantity: string;
	    quantity: string;
	    effective_date: string;
	    prorated: boolean;
	    reason: string;
	    writes: PlannedWrite[];
	    pushes: PushEntry[];
	    agreement_options?: AgreementOption[];
	
	    static createFrom(source: any = {}) {
	        return new AutoTrueUpItem(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.card_id = source["card_id"];
	        this.account_name = source["account_name"];
	        this.product_name = source["product_name"];
	        this.action = source["action"];
	        this.psa_quantity = source["psa_quantity"];
	        this.vendor_quantity = source["vendor_quantity"];
	        this.quantity = source["quantity"];
	        this.effective_date = source["effective_date"];
	        this.prorated = source["prorated"];
	        this.reason = source["reason"];
	        this.writes = this.convertValues(source["writes"], PlannedWrite);
	        this.pushes = this.convertValues(source["pushes"], PushEntry);
	        this.agreement_options = this.convertValues(source["agreement_options"], AgreementOption);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AutoTrueUpRun {
	    integration_id: number;
	    integration: string;
	    at: string;
	    cycle: string;
	    dry_run: boolean;
	    account: string;
	    pushed: number;
	    waiting: number;
	    refused: boolean;
	    note: string;
	    items: AutoTrueUpItem[];
	
	    static createFrom(source: any = {}) {
	        return new AutoTrueUpRun(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.integration = source["integration"];
	        this.at = source["at"];
	        this.cycle = source["cycle"];
	        this.dry_run = source["dry_run"];
	        this.account = source["account"];
	        this.pushed = source["pushed"];
	        this.waiting = source["waiting"];
	        this.refused = source["refused"];
	        this.note = source["note"];
	        this.items = this.convertValues(source["items"], AutoTrueUpItem);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AutoTrueUpSettings {
	    integration_id: number;
	    integration: string;
	    enabled: boolean;
	    billing_style: string;
	    prorate: boolean;
	    dry_run_approved: boolean;
	    refusal: string;
	    agreements: AutoTrueUpAgreement[];
	    plan?: AutoTrueUpRun;
	    last_run?: AutoTrueUpRun;
	
	    static createFrom(source: any = {}) {
	        return new AutoTrueUpSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.integration = source["integration"];
	        this.enabled = source["enabled"];
	        this.billing_style = source["billing_style"];
	        this.prorate = source["prorate"];
	        this.dry_run_approved = source["dry_run_approved"];
	        this.refusal = source["refusal"];
	        this.agreements = this.convertValues(source["agreements"], AutoTrueUpAgreement);
	        this.plan = this.convertValues(source["plan"], AutoTrueUpRun);
	        this.last_run = this.convertValues(source["last_run"], AutoTrueUpRun);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class BackupInfo {
	    name: string;
	    path: string;
	    at: string;
	    kind: string;
	    size: number;
	    schema_version: number;
	    integrity_ok: boolean;
	    problem?: string;
	
	    static createFrom(source: any = {}) {
	        return new BackupInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.path = source["path"];
	        this.at = source["at"];
	        this.kind = source["kind"];
	        this.size = source["size"];
	        this.schema_version = source["schema_version"];
	        this.integrity_ok = source["integrity_ok"];
	        this.problem = source["problem"];
	    }
	}
	export class BadRow {
	    line: number;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new BadRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line = source["line"];
	        this.reason = source["reason"];
	    }
	}
	export class BulkApproveRequest {
	    card_ids: string[];
	    confirmed: string[];
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new BulkApproveRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.card_ids = source["card_ids"];
	        this.confirmed = source["confirmed"];
	        this.note = source["note"];
	    }
	}
	export class SkippedCard {
	    card_id: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new SkippedCard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.card_id = source["card_id"];
	        this.reason = source["reason"];
	    }
	}
	export class BulkApproveResult {
	    approved: ApproveResult[];
	    acknowledged: string[];
	    skipped: SkippedCard[];
	
	    static createFrom(source: any = {}) {
	        return new BulkApproveResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.approved = this.convertValues(source["approved"], ApproveResult);
	        this.acknowledged = source["acknowledged"];
	        this.skipped = this.convertValues(source["skipped"], SkippedCard);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CacheCounts {
	    accounts: number;
	    agreements: number;
	    service_lines: number;
	    subscriptions: number;
	
	    static createFrom(source: any = {}) {
	        return new CacheCounts(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accounts = source["accounts"];
	        this.agreements = source["agreements"];
	        this.service_lines = source["service_lines"];
	        this.subscriptions = source["subscriptions"];
	    }
	}
	export class CardTerms {
	    term: string;
	    billing_frequency: string;
	    commitment_end: string;
	    auto_renew: boolean;
	    renews_soon: boolean;
	    add_on_of?: string;
	    refundable_seats?: string;
	    refundable_until?: string;
	    refund_note?: string;
	
	    static createFrom(source: any = {}) {
	        return new CardTerms(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.term = source["term"];
	        this.billing_frequency = source["billing_frequency"];
	        this.commitment_end = source["commitment_end"];
	        this.auto_renew = source["auto_renew"];
	        this.renews_soon = source["renews_soon"];
	        this.add_on_of = source["add_on_of"];
	        this.refundable_seats = source["refundable_seats"];
	        this.refundable_until = source["refundable_until"];
	        this.refund_note = source["refund_note"];
	    }
	}
	export class CardSource {
	    integration_id: number;
	    integration: string;
	    subscription_id: string;
	    account_id: string;
	    account_name: string;
	    product_id: string;
	    product_name: string;
	    quantity: string;
	    term: string;
	    unit_cost: string;
	    fetched_at: string;
	
	    static createFrom(source: any = {}) {
	        return new CardSource(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.integration = source["integration"];
	        this.subscription_id = source["subscription_id"];
	        this.account_id = source["account_id"];
	        this.account_name = source["account_name"];
	        this.product_id = source["product_id"];
	        this.product_name = source["product_name"];
	        this.quantity = source["quantity"];
	        this.term = source["term"];
	        this.unit_cost = source["unit_cost"];
	        this.fetched_at = source["fetched_at"];
	    }
	}
	export class CardLine {
	    line_id: string;
	    agreement_id: string;
	    agreement_name: string;
	    quantity: string;
	    less_included: string;
	    bill_customer: string;
	    unit_price: string;
	    target: boolean;
	    fetched_at: string;
	
	    static createFrom(source: any = {}) {
	        return new CardLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.line_id = source["line_id"];
	        this.agreement_id = source["agreement_id"];
	        this.agreement_name = source["agreement_name"];
	        this.quantity = source["quantity"];
	        this.less_included = source["less_included"];
	        this.bill_customer = source["bill_customer"];
	        this.unit_price = source["unit_price"];
	        this.target = source["target"];
	        this.fetched_at = source["fetched_at"];
	    }
	}
	export class CardDTO {
	    id: string;
	    state: string;
	    psa_integration_id: number;
	    account_name: string;
	    psa_account_id: string;
	    product_name: string;
	    psa_product_id: string;
	    psa_quantity: string;
	    vendor_quantity: string;
	    difference: string;
	    unit_price: string;
	    monthly_impact: string;
	    vendor_unit_cost: string;
	    margin: string;
	    flags: string[];
	    note: string;
	    decision: string;
	    vendors: string[];
	    psa_lines: CardLine[];
	    vendor_sources: CardSource[];
	    push?: string;
	    terms?: CardTerms;
	
	    static createFrom(source: any = {}) {
	        return new CardDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.state = source["state"];
	        this.psa_integration_id = source["psa_integration_id"];
	        this.account_name = source["account_name"];
	        this.psa_account_id = source["psa_account_id"];
	        this.product_name = source["product_name"];
	        this.psa_product_id = source["psa_product_id"];
	        this.psa_quantity = source["psa_quantity"];
	        this.vendor_quantity = source["vendor_quantity"];
	        this.difference = source["difference"];
	        this.unit_price = source["unit_price"];
	        this.monthly_impact = source["monthly_impact"];
	        this.vendor_unit_cost = source["vendor_unit_cost"];
	        this.margin = source["margin"];
	        this.flags = source["flags"];
	        this.note = source["note"];
	        this.decision = source["decision"];
	        this.vendors = source["vendors"];
	        this.psa_lines = this.convertValues(source["psa_lines"], CardLine);
	        this.vendor_sources = this.convertValues(source["vendor_sources"], CardSource);
	        this.push = source["push"];
	        this.terms = this.convertValues(source["terms"], CardTerms);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Freshness {
	    integration_id: number;
	    integration: string;
	    role: string;
	    last_fetched_at: string;
	    stale: boolean;
	    running: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Freshness(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.integration = source["integration"];
	        this.role = source["role"];
	        this.last_fetched_at = source["last_fetched_at"];
	        this.stale = source["stale"];
	        this.running = source["running"];
	    }
	}
	export class CardTotals {
	    cards: number;
	    by_state: {[key: string]: number};
	    revenue_added: string;
	    revenue_removed: string;
	
	    static createFrom(source: any = {}) {
	        return new CardTotals(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cards = source["cards"];
	        this.by_state = source["by_state"];
	        this.revenue_added = source["revenue_added"];
	        this.revenue_removed = source["revenue_removed"];
	    }
	}
	export class CardList {
	    cycle: string;
	    cards: CardDTO[];
	    totals: CardTotals;
	    freshness: Freshness[];
	    sync_running: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CardList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cycle = source["cycle"];
	        this.cards = this.convertValues(source["cards"], CardDTO);
	        this.totals = this.convertValues(source["totals"], CardTotals);
	        this.freshness = this.convertValues(source["freshness"], Freshness);
	        this.sync_running = source["sync_running"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CardQuery {
	    state: string;
	    account: string;
	    vendor: string;
	    direction: string;
	    search: string;
	    all: boolean;
	
	    static createFrom(source: any = {}) {
	        return new CardQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.account = source["account"];
	        this.vendor = source["vendor"];
	        this.direction = source["direction"];
	        this.search = source["search"];
	        this.all = source["all"];
	    }
	}
	
	
	
	export class CostRowDTO {
	    psa_integration_id: number;
	    psa_product_id: string;
	    product_name: string;
	    catalog_cost: string;
	    catalog_price: string;
	    vendor_cost: string;
	    margin: string;
	    margin_percent: string;
	    seats: string;
	    subscriptions: number;
	    drift: boolean;
	    push?: string;
	
	    static createFrom(source: any = {}) {
	        return new CostRowDTO(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.psa_integration_id = source["psa_integration_id"];
	        this.psa_product_id = source["psa_product_id"];
	        this.product_name = source["product_name"];
	        this.catalog_cost = source["catalog_cost"];
	        this.catalog_price = source["catalog_price"];
	        this.vendor_cost = source["vendor_cost"];
	        this.margin = source["margin"];
	        this.margin_percent = source["margin_percent"];
	        this.seats = source["seats"];
	        this.subscriptions = source["subscriptions"];
	        this.drift = source["drift"];
	        this.push = source["push"];
	    }
	}
	export class DemoPSAOption {
	    kind: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new DemoPSAOption(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.name = source["name"];
	    }
	}
	export class DiagnosticsResult {
	    path: string;
	    size: number;
	    files: string[];
	
	    static createFrom(source: any = {}) {
	        return new DiagnosticsResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.size = source["size"];
	        this.files = source["files"];
	    }
	}
	export class ExplainAction {
	    kind: string;
	    label: string;
	    integration_id?: number;
	    integration?: string;
	    mapping_kind?: string;
	    vendor_id?: string;
	    full?: boolean;
	    command?: string;
	
	    static createFrom(source: any = {}) {
	        return new ExplainAction(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.label = source["label"];
	        this.integration_id = source["integration_id"];
	        this.integration = source["integration"];
	        this.mapping_kind = source["mapping_kind"];
	        this.vendor_id = source["vendor_id"];
	        this.full = source["full"];
	        this.command = source["command"];
	    }
	}
	export class MappingSuggestion {
	    psa_integration_id: number;
	    psa_id: string;
	    psa_name: string;
	    match: string;
	    score: number;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new MappingSuggestion(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.psa_integration_id = source["psa_integration_id"];
	        this.psa_id = source["psa_id"];
	        this.psa_name = source["psa_name"];
	        this.match = source["match"];
	        this.score = source["score"];
	        this.reason = source["reason"];
	    }
	}
	export class ExplainEntry {
	    side: string;
	    integration_id: number;
	    integration: string;
	    entity: string;
	    id: string;
	    name: string;
	    account_name: string;
	    product_name?: string;
	    verdict: string;
	    rule: string;
	    reason: string;
	    fix?: string;
	    action?: ExplainAction;
	    card_id?: string;
	    card_state?: string;
	    decision?: string;
	    details: string[];
	    suggestion?: MappingSuggestion;
	
	    static createFrom(source: any = {}) {
	        return new ExplainEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.side = source["side"];
	        this.integration_id = source["integration_id"];
	        this.integration = source["integration"];
	        this.entity = source["entity"];
	        this.id = source["id"];
	        this.name = source["name"];
	        this.account_name = source["account_name"];
	        this.product_name = source["product_name"];
	        this.verdict = source["verdict"];
	        this.rule = source["rule"];
	        this.reason = source["reason"];
	        this.fix = source["fix"];
	        this.action = this.convertValues(source["action"], ExplainAction);
	        this.card_id = source["card_id"];
	        this.card_state = source["card_state"];
	        this.decision = source["decision"];
	        this.details = source["details"];
	        this.suggestion = this.convertValues(source["suggestion"], MappingSuggestion);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ExplainNames {
	    accounts: string[];
	    products: string[];
	
	    static createFrom(source: any = {}) {
	        return new ExplainNames(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accounts = source["accounts"];
	        this.products = source["products"];
	    }
	}
	export class ExplainRequest {
	    account: string;
	    product: string;
	
	    static createFrom(source: any = {}) {
	        return new ExplainRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.account = source["account"];
	        this.product = source["product"];
	    }
	}
	export class ExplainResult {
	    query: ExplainRequest;
	    matched: string[];
	    ambiguous: boolean;
	    candidates: string[];
	    entries: ExplainEntry[];
	    searched: string[];
	
	    static createFrom(source: any = {}) {
	        return new ExplainResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = this.convertValues(source["query"], ExplainRequest);
	        this.matched = source["matched"];
	        this.ambiguous = source["ambiguous"];
	        this.candidates = source["candidates"];
	        this.entries = this.convertValues(source["entries"], ExplainEntry);
	        this.searched = source["searched"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SectionResult {
	    name: string;
	    status: string;
	    error: string;
	
	    static createFrom(source: any = {}) {
	        return new SectionResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.status = source["status"];
	        this.error = source["error"];
	    }
	}
	export class Run {
	    id: number;
	    integration_id: number;
	    integration_name: string;
	    kind: string;
	    role: string;
	    mode: string;
	    since: string;
	    status: string;
	    queued_at: string;
	    started_at: string;
	    finished_at: string;
	    section: string;
	    progress_done: number;
	    progress_total: number;
	    percent: number;
	    added: number;
	    updated: number;
	    removed: number;
	    requests: number;
	    error: string;
	    waiting: string;
	    note: string;
	    stuck: boolean;
	    stuck_reason: string;
	    nothing_new: boolean;
	    sections: SectionResult[];
	
	    static createFrom(source: any = {}) {
	        return new Run(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.integration_id = source["integration_id"];
	        this.integration_name = source["integration_name"];
	        this.kind = source["kind"];
	        this.role = source["role"];
	        this.mode = source["mode"];
	        this.since = source["since"];
	        this.status = source["status"];
	        this.queued_at = source["queued_at"];
	        this.started_at = source["started_at"];
	        this.finished_at = source["finished_at"];
	        this.section = source["section"];
	        this.progress_done = source["progress_done"];
	        this.progress_total = source["progress_total"];
	        this.percent = source["percent"];
	        this.added = source["added"];
	        this.updated = source["updated"];
	        this.removed = source["removed"];
	        this.requests = source["requests"];
	        this.error = source["error"];
	        this.waiting = source["waiting"];
	        this.note = source["note"];
	        this.stuck = source["stuck"];
	        this.stuck_reason = source["stuck_reason"];
	        this.nothing_new = source["nothing_new"];
	        this.sections = this.convertValues(source["sections"], SectionResult);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PreviewLine {
	    file_lines: number[];
	    account: string;
	    product: string;
	    sku: string;
	    quantity: number;
	    cost: number;
	    price: number;
	    term: string;
	    billing_frequency: string;
	    start: string;
	    end: string;
	    subscription_id: string;
	
	    static createFrom(source: any = {}) {
	        return new PreviewLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file_lines = source["file_lines"];
	        this.account = source["account"];
	        this.product = source["product"];
	        this.sku = source["sku"];
	        this.quantity = source["quantity"];
	        this.cost = source["cost"];
	        this.price = source["price"];
	        this.term = source["term"];
	        this.billing_frequency = source["billing_frequency"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.subscription_id = source["subscription_id"];
	    }
	}
	export class PreviewColumn {
	    header: string;
	    field: string;
	
	    static createFrom(source: any = {}) {
	        return new PreviewColumn(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.header = source["header"];
	        this.field = source["field"];
	    }
	}
	export class FilePreview {
	    integration_id: number;
	    path: string;
	    file_name: string;
	    profile: string;
	    profile_detected: boolean;
	    source: string;
	    sheet: string;
	    columns: PreviewColumn[];
	    number_style: string;
	    number_note: string;
	    date_order: string;
	    date_note: string;
	    rows: number;
	    line_count: number;
	    lines: PreviewLine[];
	    bad_rows: BadRow[];
	    problem: string;
	    fields: string[];
	
	    static createFrom(source: any = {}) {
	        return new FilePreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.path = source["path"];
	        this.file_name = source["file_name"];
	        this.profile = source["profile"];
	        this.profile_detected = source["profile_detected"];
	        this.source = source["source"];
	        this.sheet = source["sheet"];
	        this.columns = this.convertValues(source["columns"], PreviewColumn);
	        this.number_style = source["number_style"];
	        this.number_note = source["number_note"];
	        this.date_order = source["date_order"];
	        this.date_note = source["date_note"];
	        this.rows = source["rows"];
	        this.line_count = source["line_count"];
	        this.lines = this.convertValues(source["lines"], PreviewLine);
	        this.bad_rows = this.convertValues(source["bad_rows"], BadRow);
	        this.problem = source["problem"];
	        this.fields = source["fields"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FileImport {
	    preview: FilePreview;
	    runs: Run[];
	    nothing_changed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new FileImport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.preview = this.convertValues(source["preview"], FilePreview);
	        this.runs = this.convertValues(source["runs"], Run);
	        this.nothing_changed = source["nothing_changed"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FileImportRequest {
	    integration_id: number;
	    path: string;
	    profile: string;
	    map: {[key: string]: string};
	    decimal: string;
	    date_order: string;
	    sheet: string;
	
	    static createFrom(source: any = {}) {
	        return new FileImportRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.path = source["path"];
	        this.profile = source["profile"];
	        this.map = source["map"];
	        this.decimal = source["decimal"];
	        this.date_order = source["date_order"];
	        this.sheet = source["sheet"];
	    }
	}
	
	
	export class ImportProfile {
	    name: string;
	    builtin: boolean;
	    base: string;
	    map: {[key: string]: string};
	    decimal: string;
	    date_order: string;
	    sheet: string;
	    headers: string[];
	
	    static createFrom(source: any = {}) {
	        return new ImportProfile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.builtin = source["builtin"];
	        this.base = source["base"];
	        this.map = source["map"];
	        this.decimal = source["decimal"];
	        this.date_order = source["date_order"];
	        this.sheet = source["sheet"];
	        this.headers = source["headers"];
	    }
	}
	export class Notice {
	    id: number;
	    created_at: string;
	    kind: string;
	    title: string;
	    body: string;
	    target: string;
	    run_id?: number;
	    card_state?: string;
	    integration?: string;
	    read: boolean;
	    read_at: string;
	
	    static createFrom(source: any = {}) {
	        return new Notice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.created_at = source["created_at"];
	        this.kind = source["kind"];
	        this.title = source["title"];
	        this.body = source["body"];
	        this.target = source["target"];
	        this.run_id = source["run_id"];
	        this.card_state = source["card_state"];
	        this.integration = source["integration"];
	        this.read = source["read"];
	        this.read_at = source["read_at"];
	    }
	}
	export class InboxEvent {
	    seq: number;
	    unread: number;
	    notice?: Notice;
	
	    static createFrom(source: any = {}) {
	        return new InboxEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.unread = source["unread"];
	        this.notice = this.convertValues(source["notice"], Notice);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Integration {
	    id: number;
	    name: string;
	    kind: string;
	    kind_label: string;
	    role: string;
	    base_url: string;
	    settings: {[key: string]: string};
	    concurrency: number;
	    secrets_set: boolean;
	    created_at: string;
	    updated_at: string;
	    notice?: string;
	
	    static createFrom(source: any = {}) {
	        return new Integration(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.kind_label = source["kind_label"];
	        this.role = source["role"];
	        this.base_url = source["base_url"];
	        this.settings = source["settings"];
	        this.concurrency = source["concurrency"];
	        this.secrets_set = source["secrets_set"];
	        this.created_at = source["created_at"];
	        this.updated_at = source["updated_at"];
	        this.notice = source["notice"];
	    }
	}
	export class IntegrationInput {
	    kind: string;
	    name: string;
	    base_url: string;
	    settings: {[key: string]: string};
	    concurrency: number;
	    secrets: {[key: string]: string};
	
	    static createFrom(source: any = {}) {
	        return new IntegrationInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.name = source["name"];
	        this.base_url = source["base_url"];
	        this.settings = source["settings"];
	        this.concurrency = source["concurrency"];
	        this.secrets = source["secrets"];
	    }
	}
	export class IntegrationStatus {
	    integration: Integration;
	    latest_run?: Run;
	    last_fetched_at: string;
	    last_success_at: string;
	    newest_source_at: string;
	    default_since: string;
	    counts: CacheCounts;
	    busy: boolean;
	    next_run_at: string;
	    next_run_label: string;
	    push_note: string;
	    file_name?: string;
	    file_rows?: number;
	    imported_at?: string;
	    sign_in_expires_at?: string;
	    sign_in_warning?: string;
	
	    static createFrom(source: any = {}) {
	        return new IntegrationStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration = this.convertValues(source["integration"], Integration);
	        this.latest_run = this.convertValues(source["latest_run"], Run);
	        this.last_fetched_at = source["last_fetched_at"];
	        this.last_success_at = source["last_success_at"];
	        this.newest_source_at = source["newest_source_at"];
	        this.default_since = source["default_since"];
	        this.counts = this.convertValues(source["counts"], CacheCounts);
	        this.busy = source["busy"];
	        this.next_run_at = source["next_run_at"];
	        this.next_run_label = source["next_run_label"];
	        this.push_note = source["push_note"];
	        this.file_name = source["file_name"];
	        this.file_rows = source["file_rows"];
	        this.imported_at = source["imported_at"];
	        this.sign_in_expires_at = source["sign_in_expires_at"];
	        this.sign_in_warning = source["sign_in_warning"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class InvoicePreviewLine {
	    card_id: string;
	    integration: string;
	    account_name: string;
	    product_name: string;
	    kind: string;
	    field: string;
	    text: string;
	    preview: string;
	
	    static createFrom(source: any = {}) {
	        return new InvoicePreviewLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.card_id = source["card_id"];
	        this.integration = source["integration"];
	        this.account_name = source["account_name"];
	        this.product_name = source["product_name"];
	        this.kind = source["kind"];
	        this.field = source["field"];
	        this.text = source["text"];
	        this.preview = source["preview"];
	    }
	}
	export class InvoicePreview {
	    lines: InvoicePreviewLine[];
	    error: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new InvoicePreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.lines = this.convertValues(source["lines"], InvoicePreviewLine);
	        this.error = source["error"];
	        this.message = source["message"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class InvoiceTemplatePSA {
	    integration_id: number;
	    name: string;
	    kind: string;
	    override: string;
	    applies: string;
	    field: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new InvoiceTemplatePSA(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.override = source["override"];
	        this.applies = source["applies"];
	        this.field = source["field"];
	        this.limit = source["limit"];
	    }
	}
	export class InvoiceTemplateSettings {
	    template: string;
	    placeholders: string[];
	    psas: InvoiceTemplatePSA[];
	
	    static createFrom(source: any = {}) {
	        return new InvoiceTemplateSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.template = source["template"];
	        this.placeholders = source["placeholders"];
	        this.psas = this.convertValues(source["psas"], InvoiceTemplatePSA);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class KeychainState {
	    seq: number;
	    waiting: boolean;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new KeychainState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.waiting = source["waiting"];
	        this.message = source["message"];
	    }
	}
	export class KindInfo {
	    kind: string;
	    label: string;
	    role: string;
	    default_base_url: string;
	    base_url_help: string;
	    settings: connector.Field[];
	    secrets: connector.Field[];
	    change_filter: boolean;
	    default_concurrency: number;
	    no_server: boolean;
	    no_secret: boolean;
	
	    static createFrom(source: any = {}) {
	        return new KindInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.label = source["label"];
	        this.role = source["role"];
	        this.default_base_url = source["default_base_url"];
	        this.base_url_help = source["base_url_help"];
	        this.settings = this.convertValues(source["settings"], connector.Field);
	        this.secrets = this.convertValues(source["secrets"], connector.Field);
	        this.change_filter = source["change_filter"];
	        this.default_concurrency = source["default_concurrency"];
	        this.no_server = source["no_server"];
	        this.no_secret = source["no_secret"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LedgerEntry {
	    id: number;
	    kind: string;
	    at: string;
	    action: string;
	    card_id: string;
	    cycle: string;
	    account_name: string;
	    product_name: string;
	    agreement_name: string;
	    line_id: string;
	    vendors: string[];
	    before: string;
	    after: string;
	    effective_date: string;
	    state: string;
	    psa_response: string;
	    note: string;
	    user: string;
	    automatic: boolean;
	    revertible: boolean;
	    revert_of?: number;
	    last_error?: string;
	
	    static createFrom(source: any = {}) {
	        return new LedgerEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.at = source["at"];
	        this.action = source["action"];
	        this.card_id = source["card_id"];
	        this.cycle = source["cycle"];
	        this.account_name = source["account_name"];
	        this.product_name = source["product_name"];
	        this.agreement_name = source["agreement_name"];
	        this.line_id = source["line_id"];
	        this.vendors = source["vendors"];
	        this.before = source["before"];
	        this.after = source["after"];
	        this.effective_date = source["effective_date"];
	        this.state = source["state"];
	        this.psa_response = source["psa_response"];
	        this.note = source["note"];
	        this.user = source["user"];
	        this.automatic = source["automatic"];
	        this.revertible = source["revertible"];
	        this.revert_of = source["revert_of"];
	        this.last_error = source["last_error"];
	    }
	}
	export class LedgerQuery {
	    since: string;
	    cycle: string;
	    account: string;
	    vendor: string;
	    state: string;
	
	    static createFrom(source: any = {}) {
	        return new LedgerQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.since = source["since"];
	        this.cycle = source["cycle"];
	        this.account = source["account"];
	        this.vendor = source["vendor"];
	        this.state = source["state"];
	    }
	}
	export class Line {
	    id: string;
	    account_id: string;
	    account_name: string;
	    agreement_id?: string;
	    agreement_name?: string;
	    service_name: string;
	    quantity: number;
	    status?: string;
	    updated_at?: string;
	    visible: boolean;
	    hidden_reason?: string;
	    billing_term?: string;
	    billing_frequency?: string;
	
	    static createFrom(source: any = {}) {
	        return new Line(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.account_id = source["account_id"];
	        this.account_name = source["account_name"];
	        this.agreement_id = source["agreement_id"];
	        this.agreement_name = source["agreement_name"];
	        this.service_name = source["service_name"];
	        this.quantity = source["quantity"];
	        this.status = source["status"];
	        this.updated_at = source["updated_at"];
	        this.visible = source["visible"];
	        this.hidden_reason = source["hidden_reason"];
	        this.billing_term = source["billing_term"];
	        this.billing_frequency = source["billing_frequency"];
	    }
	}
	export class LinesResult {
	    integration_id: number;
	    integration_name: string;
	    role: string;
	    last_fetched_at: string;
	    lines: Line[];
	    visible: number;
	    hidden: number;
	
	    static createFrom(source: any = {}) {
	        return new LinesResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.integration_name = source["integration_name"];
	        this.role = source["role"];
	        this.last_fetched_at = source["last_fetched_at"];
	        this.lines = this.convertValues(source["lines"], Line);
	        this.visible = source["visible"];
	        this.hidden = source["hidden"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class LogLine {
	    at: string;
	    level: string;
	    section: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new LogLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.at = source["at"];
	        this.level = source["level"];
	        this.section = source["section"];
	        this.message = source["message"];
	    }
	}
	export class LogPage {
	    lines: LogLine[];
	    next: number;
	    more: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LogPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.lines = this.convertValues(source["lines"], LogLine);
	        this.next = source["next"];
	        this.more = source["more"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MapRequest {
	    integration_id: number;
	    kind: string;
	    vendor_id: string;
	    psa_integration_id: number;
	    psa_id: string;
	    exclude: boolean;
	    clear: boolean;
	
	    static createFrom(source: any = {}) {
	        return new MapRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.kind = source["kind"];
	        this.vendor_id = source["vendor_id"];
	        this.psa_integration_id = source["psa_integration_id"];
	        this.psa_id = source["psa_id"];
	        this.exclude = source["exclude"];
	        this.clear = source["clear"];
	    }
	}
	export class UnmappedCount {
	    integration_id: number;
	    integration: string;
	    accounts: number;
	    products: number;
	    subscriptions: number;
	    monthly_cost: string;
	
	    static createFrom(source: any = {}) {
	        return new UnmappedCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.integration = source["integration"];
	        this.accounts = source["accounts"];
	        this.products = source["products"];
	        this.subscriptions = source["subscriptions"];
	        this.monthly_cost = source["monthly_cost"];
	    }
	}
	export class MappingRow {
	    integration_id: number;
	    integration: string;
	    kind: string;
	    vendor_id: string;
	    vendor_name: string;
	    state: string;
	    psa_integration_id?: number;
	    psa_id: string;
	    psa_name: string;
	    suggestions: MappingSuggestion[];
	    gone: boolean;
	    subscriptions: number;
	    monthly_cost: string;
	    note?: string;
	    note_text?: string;
	    tags?: string[];
	    updated_at?: string;
	    updated_by?: string;
	
	    static createFrom(source: any = {}) {
	        return new MappingRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.integration = source["integration"];
	        this.kind = source["kind"];
	        this.vendor_id = source["vendor_id"];
	        this.vendor_name = source["vendor_name"];
	        this.state = source["state"];
	        this.psa_integration_id = source["psa_integration_id"];
	        this.psa_id = source["psa_id"];
	        this.psa_name = source["psa_name"];
	        this.suggestions = this.convertValues(source["suggestions"], MappingSuggestion);
	        this.gone = source["gone"];
	        this.subscriptions = source["subscriptions"];
	        this.monthly_cost = source["monthly_cost"];
	        this.note = source["note"];
	        this.note_text = source["note_text"];
	        this.tags = source["tags"];
	        this.updated_at = source["updated_at"];
	        this.updated_by = source["updated_by"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class MappingList {
	    rows: MappingRow[];
	    unmapped: UnmappedCount[];
	
	    static createFrom(source: any = {}) {
	        return new MappingList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], MappingRow);
	        this.unmapped = this.convertValues(source["unmapped"], UnmappedCount);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class MonthProgress {
	    cycle: string;
	    step: string;
	    started_at: string;
	    done_at: string;
	    unmapped: UnmappedCount[];
	    freshness: Freshness[];
	    open_cards: number;
	    pushed: number;
	    summary: string;
	
	    static createFrom(source: any = {}) {
	        return new MonthProgress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cycle = source["cycle"];
	        this.step = source["step"];
	        this.started_at = source["started_at"];
	        this.done_at = source["done_at"];
	        this.unmapped = this.convertValues(source["unmapped"], UnmappedCount);
	        this.freshness = this.convertValues(source["freshness"], Freshness);
	        this.open_cards = source["open_cards"];
	        this.pushed = source["pushed"];
	        this.summary = source["summary"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class NoticePage {
	    notices: Notice[];
	    total: number;
	    unread: number;
	
	    static createFrom(source: any = {}) {
	        return new NoticePage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.notices = this.convertValues(source["notices"], Notice);
	        this.total = source["total"];
	        this.unread = source["unread"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class OSTaskInfo {
	    state: string;
	    platform: string;
	    location: string;
	    detail: string;
	    command: string;
	    schedules: number;
	
	    static createFrom(source: any = {}) {
	        return new OSTaskInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.platform = source["platform"];
	        this.location = source["location"];
	        this.detail = source["detail"];
	        this.command = source["command"];
	        this.schedules = source["schedules"];
	    }
	}
	export class PSAOption {
	    psa_integration_id: number;
	    id: string;
	    name: string;
	    detail: string;
	
	    static createFrom(source: any = {}) {
	        return new PSAOption(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.psa_integration_id = source["psa_integration_id"];
	        this.id = source["id"];
	        this.name = source["name"];
	        this.detail = source["detail"];
	    }
	}
	
	
	
	
	export class ReconcileSettings {
	    large_change_units: number;
	    large_change_percent: number;
	    large_new_revenue_units: number;
	    billing: {[key: string]: string};
	    bulk_warning_seen: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ReconcileSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.large_change_units = source["large_change_units"];
	        this.large_change_percent = source["large_change_percent"];
	        this.large_new_revenue_units = source["large_new_revenue_units"];
	        this.billing = source["billing"];
	        this.bulk_warning_seen = source["bulk_warning_seen"];
	    }
	}
	export class RestoreResult {
	    from: BackupInfo;
	    kept_as?: string;
	    kept_damaged: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RestoreResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = this.convertValues(source["from"], BackupInfo);
	        this.kept_as = source["kept_as"];
	        this.kept_damaged = source["kept_damaged"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RevertPreview {
	    push_id: number;
	    writes: PlannedWrite[];
	    changed: boolean;
	    current: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new RevertPreview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.push_id = source["push_id"];
	        this.writes = this.convertValues(source["writes"], PlannedWrite);
	        this.changed = source["changed"];
	        this.current = source["current"];
	        this.message = source["message"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class VendorImpact {
	    vendor: string;
	    added: string;
	    removed: string;
	
	    static createFrom(source: any = {}) {
	        return new VendorImpact(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.vendor = source["vendor"];
	        this.added = source["added"];
	        this.removed = source["removed"];
	    }
	}
	export class SanityCheck {
	    cycle: string;
	    increases: CardDTO[];
	    new_revenue_open: CardDTO[];
	    pushes: LedgerEntry[];
	    revenue_added: string;
	    revenue_removed: string;
	    by_vendor: VendorImpact[];
	
	    static createFrom(source: any = {}) {
	        return new SanityCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.cycle = source["cycle"];
	        this.increases = this.convertValues(source["increases"], CardDTO);
	        this.new_revenue_open = this.convertValues(source["new_revenue_open"], CardDTO);
	        this.pushes = this.convertValues(source["pushes"], LedgerEntry);
	        this.revenue_added = source["revenue_added"];
	        this.revenue_removed = source["revenue_removed"];
	        this.by_vendor = this.convertValues(source["by_vendor"], VendorImpact);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ScheduleInput {
	    integration_id: number;
	    stream: string;
	    cadence: string;
	    weekday: string;
	    day: number;
	    mode: string;
	    full_first_of_month: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ScheduleInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.stream = source["stream"];
	        this.cadence = source["cadence"];
	        this.weekday = source["weekday"];
	        this.day = source["day"];
	        this.mode = source["mode"];
	        this.full_first_of_month = source["full_first_of_month"];
	    }
	}
	export class ScheduleRow {
	    integration_id: number;
	    integration: string;
	    stream: string;
	    source: string;
	    cadence: string;
	    weekday: string;
	    day: number;
	    mode: string;
	    full_first_of_month: boolean;
	    description: string;
	    next_runs: string[];
	    next_run_labels: string[];
	    last_run_at: string;
	    last_due_at: string;
	    missed: string[];
	    recommendation: string;
	
	    static createFrom(source: any = {}) {
	        return new ScheduleRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_id = source["integration_id"];
	        this.integration = source["integration"];
	        this.stream = source["stream"];
	        this.source = source["source"];
	        this.cadence = source["cadence"];
	        this.weekday = source["weekday"];
	        this.day = source["day"];
	        this.mode = source["mode"];
	        this.full_first_of_month = source["full_first_of_month"];
	        this.description = source["description"];
	        this.next_runs = source["next_runs"];
	        this.next_run_labels = source["next_run_labels"];
	        this.last_run_at = source["last_run_at"];
	        this.last_due_at = source["last_due_at"];
	        this.missed = source["missed"];
	        this.recommendation = source["recommendation"];
	    }
	}
	export class ScheduleList {
	    rows: ScheduleRow[];
	    time_zone: string;
	
	    static createFrom(source: any = {}) {
	        return new ScheduleList(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.rows = this.convertValues(source["rows"], ScheduleRow);
	        this.time_zone = source["time_zone"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	export class StatusSnapshot {
	    seq: number;
	    generated_at: string;
	    integrations: IntegrationStatus[];
	    recent: Run[];
	
	    static createFrom(source: any = {}) {
	        return new StatusSnapshot(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.generated_at = source["generated_at"];
	        this.integrations = this.convertValues(source["integrations"], IntegrationStatus);
	        this.recent = this.convertValues(source["recent"], Run);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SyncEvent {
	    seq: number;
	    run: Run;
	
	    static createFrom(source: any = {}) {
	        return new SyncEvent(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.seq = source["seq"];
	        this.run = this.convertValues(source["run"], Run);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SyncRequest {
	    integration_ids: number[];
	    mode: string;
	    since: string;
	
	    static createFrom(source: any = {}) {
	        return new SyncRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.integration_ids = source["integration_ids"];
	        this.mode = source["mode"];
	        this.since = source["since"];
	    }
	}
	export class TestResult {
	    ok: boolean;
	    message: string;
	    duration_ms: number;
	
	    static createFrom(source: any = {}) {
	        return new TestResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.message = source["message"];
	        this.duration_ms = source["duration_ms"];
	    }
	}
	
	
	export class WorkspaceInfo {
	    demo: boolean;
	    data_dir: string;
	    has_own_integrations: boolean;
	    version: string;
	    secrets_store: string;
	    secrets_note: string;
	    demo_psa: string;
	    demo_psas: DemoPSAOption[];
	
	    static createFrom(source: any = {}) {
	        return new WorkspaceInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.demo = source["demo"];
	        this.data_dir = source["data_dir"];
	        this.has_own_integrations = source["has_own_integrations"];
	        this.version = source["version"];
	        this.secrets_store = source["secrets_store"];
	        this.secrets_note = source["secrets_note"];
	        this.demo_psa = source["demo_psa"];
	        this.demo_psas = this.convertValues(source["demo_psas"], DemoPSAOption);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

