/** Small node:http helpers: bodies, JSON replies and the two Visma.net error shapes. */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { toJsonText } from "./dto.ts";
import { FactoringError } from "../../shared/errors.ts";

/** An error that becomes an HTTP reply with a Visma-shaped body. */
export class HttpError extends FactoringError {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === "object" && body !== null && "message" in body ? String(body.message) : `HTTP ${status}`);
  }
}

/** `{"ExceptionType":"IPPException", ...}`: the older of the two error shapes (reference section 7). */
export function ippException(message: string, faultCode: string): Record<string, string> {
  return {
    ExceptionType: "IPPException",
    ExceptionMessage: message,
    ExceptionFaultCode: faultCode,
    ExceptionMessageID: `${faultCode}_${randomUUID()}`,
    ExceptionDetails: "",
  };
}

/** `{"message":"VismaId: <uuid>. ..."}`: the newer error shape. */
export function vismaMessage(message: string): { message: string } {
  return { message: `VismaId: ${randomUUID()}. ${message}` };
}

const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, vismaMessage("The request body is too large."));
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON request body; a syntax error is a 400 naming the problem. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      400,
      vismaMessage(`The request is invalid. The body is not valid JSON: ${(error as Error).message}`),
    );
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = toJsonText(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, "Content-Length": "0" });
  res.end();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
