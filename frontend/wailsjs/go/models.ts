export namespace connector {
	
	export class Field {
	    key: string;
	    label: string;
	    help: string;
	    required: boolean;
	    placeholder: string;
	
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
	    }
	}

}

export namespace workspace {
	
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
	export class IntegrationStatus {
	    integration: Integration;
	    latest_run?: Run;
	    last_fetched_at: string;
	    last_success_at: string;
	    newest_source_at: string;
	    default_since: string;
	    counts: CacheCounts;
	    busy: boolean;
	
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
	    }
	}

}

