/**
 * Nothing typed is lost: every change goes to the browser's local storage within half a second
 * (a reload or a lost connection loses at most that), and to the server's drafts within a few
 * seconds. The server store is conditional on the draft last read (If-Match): when someone else
 * stored one meanwhile, saving stops, this author's version stays in local storage, and the
 * author chooses to keep theirs (stored over the other, which the archive keeps as an older
 * version) or load the other's.
 */
import { ApiError, saveDraft, type Credential } from './api';
import type { Json } from './model';

const LOCAL_DELAY_MS = 400;
const SERVER_DELAY_MS = 2000;

export interface LocalCopy {
  report: Json;
  /** The server draft this copy was edited from. */
  basedOn: string | null;
  /** False once the server holds exactly this copy. */
  unsaved: boolean;
}

export type SaveState =
  | { kind: 'saved'; at: Date }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'offline'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'conflict'; theirs: string | null };

const localKey = (credential: Credential, year: number) => `nianbao:draft:${credential.agencyId}:${year}`;

export function readLocal(credential: Credential, year: number): LocalCopy | null {
  const stored = localStorage.getItem(localKey(credential, year));
  return stored ? (JSON.parse(stored) as LocalCopy) : null;
}

/** The years this browser holds a copy the server never got, e.g. a report begun offline. */
export function unsavedYears(credential: Credential): number[] {
  const prefix = localKey(credential, 0).replace(/0$/, '');
  return Object.keys(localStorage)
    .filter((key) => key.startsWith(prefix))
    .map((key) => Number(key.slice(prefix.length)))
    .filter((year) => readLocal(credential, year)?.unsaved);
}

export class Saver {
  private localTimer: ReturnType<typeof setTimeout> | undefined;
  private serverTimer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private unsaved = false;

  constructor(
    private readonly credential: Credential,
    private readonly year: number,
    private readonly report: () => Json,
    public basedOn: string | null,
    private readonly onState: (state: SaveState) => void,
  ) {}

  /** The author changed something. */
  changed(): void {
    this.unsaved = true;
    clearTimeout(this.localTimer);
    this.localTimer = setTimeout(() => this.keepLocally(), LOCAL_DELAY_MS);
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.serverTimer);
    if (this.state.kind === 'conflict') return;
    this.setState({ kind: 'pending' });
    this.serverTimer = setTimeout(() => void this.saveNow(), SERVER_DELAY_MS);
  }

  private state: SaveState = { kind: 'saved', at: new Date() };
  private setState(state: SaveState): void {
    this.state = state;
    this.onState(state);
  }

  keepLocally(): void {
    clearTimeout(this.localTimer);
    const copy: LocalCopy = { report: this.report(), basedOn: this.basedOn, unsaved: this.unsaved };
    localStorage.setItem(localKey(this.credential, this.year), JSON.stringify(copy));
  }

  /** Stores the report on the server now; `over` stores it over the other editor's draft. */
  async saveNow(over?: string | null): Promise<void> {
    await this.inFlight;
    if (this.state.kind === 'conflict' && over === undefined) return;
    clearTimeout(this.serverTimer);
    this.keepLocally();
    this.setState({ kind: 'saving' });
    const basedOn = over === undefined ? this.basedOn : over;
    this.inFlight = saveDraft(this.credential, this.year, this.report(), basedOn).then(
      (sha) => {
        this.basedOn = sha;
        this.unsaved = false;
        this.keepLocally();
        this.setState({ kind: 'saved', at: new Date() });
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 412) this.setState({ kind: 'conflict', theirs: error.etag });
        else if (error instanceof ApiError) this.setState({ kind: 'refused', message: `${error.problem.zh ?? ''} ${error.problem.en ?? ''}` });
        else {
          this.setState({ kind: 'offline', message: String(error) });
          this.serverTimer = setTimeout(() => void this.saveNow(), SERVER_DELAY_MS * 2);
        }
      },
    );
    await this.inFlight;
  }

  stop(): void {
    clearTimeout(this.localTimer);
    clearTimeout(this.serverTimer);
  }
}
