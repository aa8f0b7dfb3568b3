import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { formatDocument, stringifyDocument } from '@urql/core';
import { canonicalize } from '../../../api/src/graphql/persisted';
import * as personDocs from './documents';
import * as officerDocs from '../officer/documents';

/**
 * In production a PERSON token may run only the operations in the safelist codegen writes from
 * web/src (persisted-documents.json). A document edited without re-running codegen would be refused
 * on every phone: this catches it before then.
 */
const manifest = JSON.parse(readFileSync(new URL('../gql/persisted-documents.json', import.meta.url), 'utf8')) as Record<string, string>;

const operations = (docs: Record<string, unknown>) =>
  Object.entries(docs).filter(([, d]) => (d as { definitions?: Array<{ kind: string }> }).definitions?.some((x) => x.kind === 'OperationDefinition'));

describe('persisted operations', () => {
  for (const [group, docs] of [['person', personDocs], ['officer', officerDocs]] as const) {
    it(`every ${group} operation is in the safelist, under its hash`, () => {
      const ops = operations(docs);
      expect(ops.length).toBeGreaterThan(0);
      for (const [name, doc] of ops) {
        const hash = (doc as { __meta__?: { hash?: string } }).__meta__?.hash;
        expect(hash, name).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(manifest[hash!], name).toBeTypeOf('string');
        // What urql actually sends (with __typename added) must match the safelisted text on the
        // server's terms (api/src/graphql/persisted.ts), or production refuses it with FORBIDDEN.
        const sent = stringifyDocument(formatDocument(doc as never));
        expect(canonicalize(parse(sent)), name).toBe(canonicalize(parse(manifest[hash!]!)));
      }
    });
  }

  it('covers every operation the person screen needs', () => {
    const texts = Object.values(manifest).join('\n');
    for (const field of ['registerPerson', 'raiseAlert', 'cancelAlert', 'updateAlertLocation', 'alertUpdates', 'me ', 'updateProfile', 'deleteMyData', 'smsLinkCode', 'smsLinked']) {
      expect(texts, field).toContain(field);
    }
  });
});
