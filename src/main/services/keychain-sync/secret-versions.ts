import type Database from 'better-sqlite3';

import { AppError } from '@shared/ipc/errors';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { SecretIntentsTable, WriteIntent } from '../store/secret-intents-table';
import { newSecretAccount, type VersionedItemKind } from '../vault/keychain-items';
import { KeychainUnavailableError, type SecretStore } from '../vault/secret-store';

export interface SecretOwner {
  kind: VersionedItemKind;
  /** The platform (integration) or connection id. */
  id: string;
}

export interface VersionWrite {
  owner: SecretOwner;
  /** The serialised keychain item (see keychain-items.ts). */
  value: string;
  /** Fingerprint of the secret inside, as the row will record it. */
  fingerprint: string;
  /** If the process dies after the keychain write: undo it, or finish it (a provider already replaced the old token). */
  recovery: WriteIntent['recovery'];
  /** The non-secret columns the commit sets; kept with the intent so a roll-forward commits the same. */
  row: Record<string, unknown>;
  /**
   * The commit: points the row at `account` (with the fingerprint and `row`)
   * inside the SQLite transaction. Returns whether a row took it and which
   * account it replaced.
   */
  commit(account: string): { applied: boolean; replaced: string | null };
}

/**
 * The one write protocol for everything stored in both the keychain and SQLite.
 * SQLite is the single commit point; keychain items are never overwritten:
 *
 *   1. SQLite: record a write intent for a fresh account.
 *   2. Keychain: write the new item there, and read it back (only an item that
 *      reads back is ever pointed at).
 *   3. SQLite, one transaction (the commit): the row points at the new account
 *      with its fingerprint; the write intent becomes a delete intent for the
 *      replaced account.
 *   4. Keychain: delete the replaced item; SQLite: drop its intent.
 *
 * Removal is steps 3–4 alone. Whatever step a crash interrupts, the intents say
 * what start-up must finish or undo (docs/ARCHITECTURE.md, "Keychain and SQLite").
 */
export class SecretVersions {
  constructor(
    private readonly deps: {
      db: Database.Database;
      secrets: SecretStore;
      intents: SecretIntentsTable;
      clock: Clock;
      log: Logger;
    },
  ) {}

  /** Writes a new version of an owner's secret and commits it; returns the new account. */
  async write(write: VersionWrite): Promise<string> {
    const { db, secrets, intents } = this.deps;
    const account = newSecretAccount(write.owner.kind);
    intents.addWrite(
      {
        account,
        owner: write.owner,
        recovery: write.recovery,
        fingerprint: write.fingerprint,
        row: write.row,
      },
      this.now(),
    );
    let failure: unknown;
    try {
      await secrets.set(account, write.value);
    } catch (error) {
      failure = error;
    }
    // Read it back: a write can land although its reply was lost, and a locked keychain can accept a
    // write it does not keep. Only an item that reads back is ever pointed at.
    let written = false;
    try {
      written = (await secrets.get(account)) === write.value;
    } catch (error) {
      failure ??= error;
    }
    if (!written) {
      // A rotated token may be in the keychain although it cannot be read now: start-up decides.
      if (write.recovery === 'rollForward') this.releaseQuietly(account);
      else await this.undoWrite(account);
      if (failure !== undefined && failure !== null) throw failure as Error;
      throw new KeychainUnavailableError('locked', null, 'The keychain did not return what was written');
    }
    let replaced: string | null;
    try {
      replaced = db
        .transaction(() => {
          const result = write.commit(account);
          if (!result.applied) throw new AppError('NOT_FOUND', 'Nothing to attach the secret to');
          intents.remove(account);
          if (result.replaced) intents.addDelete(result.replaced, write.owner, this.now());
          return result.replaced;
        })
        .immediate();
    } catch (error) {
      // A token the provider already rotated must not be thrown away: start-up rolls it forward.
      if (write.recovery === 'rollForward' && !(error instanceof AppError && error.code === 'NOT_FOUND'))
        this.releaseQuietly(account);
      else await this.undoWrite(account);
      throw error;
    }
    if (replaced) await this.deleteItem(replaced);
    return account;
  }

  /**
   * Removes what a row points at: `commit` changes SQLite (deletes the row or
   * clears the registration) and returns the account it pointed at; the item is
   * deleted after. Callers make sure the keychain is healthy first, so that a
   * locked keychain's "nothing to delete" is never believed.
   */
  async remove(owner: SecretOwner, commit: () => string | null): Promise<void> {
    const { db, intents } = this.deps;
    const account = db
      .transaction(() => {
        const ref = commit();
        if (ref) intents.addDelete(ref, owner, this.now());
        return ref;
      })
      .immediate();
    if (account) await this.deleteItem(account);
  }

  /** Deletes an item whose delete intent is committed; if the keychain fails, start-up retries. */
  async deleteItem(account: string): Promise<void> {
    try {
      await this.deps.secrets.delete(account);
    } catch (error) {
      this.deps.log.warn('Keychain item left for start-up to delete', { error });
      this.releaseQuietly(account);
      return;
    }
    try {
      this.deps.intents.remove(account);
    } catch (error) {
      this.deps.log.warn('Delete intent left for start-up', { error });
    }
  }

  /** Undoes step 2; only a confirmed delete closes the intent, otherwise start-up finishes the job. */
  private async undoWrite(account: string): Promise<void> {
    let deleted = false;
    try {
      deleted = await this.deps.secrets.delete(account);
    } catch {
      // The keychain is failing: leave the intent to start-up.
    }
    try {
      if (deleted) this.deps.intents.remove(account);
      else this.deps.intents.release(account);
    } catch (error) {
      this.deps.log.warn('Write intent left for start-up', { error });
    }
  }

  private releaseQuietly(account: string): void {
    try {
      this.deps.intents.release(account);
    } catch (error) {
      this.deps.log.warn('Write intent left for start-up', { error });
    }
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }
}
