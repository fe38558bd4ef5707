import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

/**
 * Google's own message definitions for the agent exports: the v3 JSON descriptor shipped in
 * @google-cloud/dialogflow-cx and the v2 .proto files shipped in @google-cloud/dialogflow (their
 * google/api and google/protobuf imports come from google-gax, in the same dependency tree).
 */
const packageDir = (name: string, from?: string) => {
  let dir = dirname(require.resolve(name, from ? { paths: [from] } : undefined));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
};

let cx: protobuf.Root | undefined;
export function cxRoot(): protobuf.Root {
  cx ??= protobuf.Root.fromJSON(
    require(join(packageDir('@google-cloud/dialogflow-cx'), 'build', 'protos', 'protos.json')),
  );
  return cx;
}

let es: protobuf.Root | undefined;
export function esRoot(): protobuf.Root {
  if (es) return es;
  const dialogflow = packageDir('@google-cloud/dialogflow');
  const roots = [join(dialogflow, 'build', 'protos'), join(packageDir('google-gax', dialogflow), 'build', 'protos')];
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) =>
    roots.map((dir) => join(dir, target)).find((file) => existsSync(file)) ?? target;
  root.loadSync([
    'google/cloud/dialogflow/v2/agent.proto',
    'google/cloud/dialogflow/v2/intent.proto',
    'google/cloud/dialogflow/v2/entity_type.proto',
    'google/cloud/dialogflow/v2/fulfillment.proto',
  ]);
  root.resolveAll();
  es = root;
  return root;
}

/** Keys an export file carries beside the message's own fields, by message, with why. */
export type ExportKeys = Record<string, string[]>;

const INT = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const LONG = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const FLOAT = new Set(['float', 'double']);
/** Well-known types with a JSON form of their own (proto3 JSON mapping). */
const WELL_KNOWN: Record<string, (value: unknown) => boolean> = {
  'google.protobuf.Duration': (v) => typeof v === 'string' && /^-?\d+(\.\d+)?s$/.test(v),
  'google.protobuf.Timestamp': (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  'google.protobuf.FieldMask': (v) => typeof v === 'string',
  'google.protobuf.Struct': (v) => !!v && typeof v === 'object' && !Array.isArray(v),
  'google.protobuf.Value': () => true,
  'google.protobuf.ListValue': (v) => Array.isArray(v),
  'google.protobuf.BoolValue': (v) => typeof v === 'boolean',
  'google.protobuf.StringValue': (v) => typeof v === 'string',
  'google.protobuf.Int32Value': (v) => Number.isInteger(v),
  'google.protobuf.FloatValue': (v) => typeof v === 'number',
  'google.protobuf.DoubleValue': (v) => typeof v === 'number',
};

const typeName = (type: protobuf.Type | protobuf.Enum) => type.fullName.replace(/^\./, '');

/**
 * Checks a JSON value as a message of `type`, at every depth: no key the message does not define
 * (except `exportKeys` of that message), every field of its declared type (scalars, enums by name,
 * nested messages, repeated and map fields, at most one member of each oneof), then protobufjs'
 * own fromObject/verify round. Returns the problems, each with its path.
 */
export function checkMessage(type: protobuf.Type, value: unknown, path: string, exportKeys: ExportKeys = {}): string[] {
  const problems: string[] = [];
  const walk = (message: protobuf.Type, data: unknown, at: string) => {
    const name = typeName(message);
    if (WELL_KNOWN[name]) {
      if (!WELL_KNOWN[name]!(data)) problems.push(`${at}: not a ${name} in JSON form`);
      return;
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      problems.push(`${at}: expected an object (${name}), got ${Array.isArray(data) ? 'an array' : typeof data}`);
      return;
    }
    const allowed = new Set(exportKeys[name] ?? []);
    for (const [key, field] of Object.entries(data as Record<string, unknown>)) {
      const definition =
        message.fields[key] ?? Object.values(message.fields).find((candidate) => candidate.options?.json_name === key);
      if (!definition) {
        if (!allowed.has(key)) problems.push(`${at}.${key}: unknown key (${name} has no such field)`);
        continue;
      }
      definition.resolve();
      if (definition instanceof protobuf.MapField) {
        if (!field || typeof field !== 'object' || Array.isArray(field)) problems.push(`${at}.${key}: expected a map`);
        else
          for (const [entryKey, entry] of Object.entries(field)) value_(definition, entry, `${at}.${key}.${entryKey}`);
      } else if (definition.repeated) {
        if (!Array.isArray(field)) problems.push(`${at}.${key}: expected a list`);
        else field.forEach((item, index) => value_(definition, item, `${at}.${key}[${index}]`));
      } else value_(definition, field, `${at}.${key}`);
    }
    for (const oneof of message.oneofsArray) {
      const set = oneof.oneof.filter((member) => (data as Record<string, unknown>)[member] !== undefined);
      if (set.length > 1) problems.push(`${at}: ${set.join(' and ')} are one of ${oneof.name}: set only one`);
    }
  };
  const value_ = (field: protobuf.Field, data: unknown, at: string) => {
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) {
      walk(resolved, data, at);
      return;
    }
    if (resolved instanceof protobuf.Enum) {
      if (
        !(typeof data === 'string' && data in resolved.values) &&
        !(typeof data === 'number' && Object.values(resolved.values).includes(data))
      ) {
        problems.push(`${at}: ${JSON.stringify(data)} is not a value of ${typeName(resolved)}`);
      }
      return;
    }
    const ok =
      field.type === 'string'
        ? typeof data === 'string'
        : field.type === 'bool'
          ? typeof data === 'boolean'
          : INT.has(field.type)
            ? Number.isInteger(data)
            : LONG.has(field.type)
              ? Number.isInteger(data) || (typeof data === 'string' && /^-?\d+$/.test(data))
              : FLOAT.has(field.type)
                ? typeof data === 'number'
                : field.type === 'bytes'
                  ? typeof data === 'string'
                  : false;
    if (!ok) problems.push(`${at}: ${JSON.stringify(data)} is not a ${field.type}`);
  };
  walk(type, value, path);
  if (!problems.length) {
    try {
      const verified = type.verify(type.toObject(type.fromObject(protoForm(type, value) as Record<string, unknown>)));
      if (verified) problems.push(`${path}: ${verified}`);
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** The proto3 JSON forms protobufjs' fromObject does not read (durations, timestamps, structs), as its object forms. */
function protoForm(type: protobuf.Type, data: unknown): unknown {
  const name = typeName(type);
  if (name === 'google.protobuf.Duration' && typeof data === 'string') {
    const seconds = Number(data.slice(0, -1));
    return { seconds: Math.trunc(seconds), nanos: Math.round((seconds % 1) * 1e9) };
  }
  if (name === 'google.protobuf.Timestamp' && typeof data === 'string') {
    const ms = Date.parse(data);
    return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
  }
  if (WELL_KNOWN[name]) return undefined;
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const field = type.fields[key];
    if (!field) continue;
    field.resolve();
    const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : null;
    const form = (item: unknown) => (nested ? protoForm(nested, item) : item);
    out[key] =
      field instanceof protobuf.MapField
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, form(v)]))
        : field.repeated && Array.isArray(value)
          ? value.map(form)
          : form(value);
  }
  return out;
}
