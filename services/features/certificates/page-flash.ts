import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../../platform/config/config.module.js';
import type { AppConfig } from '../../platform/config/config.schema.js';

export const FLASH_COOKIE = 'cil_flash';
const FLASH_TTL_SECONDS = 600;
/** Cookies are capped at about 4 KB by browsers; leave room for the name and attributes. */
const FLASH_MAX_CHARS = 3600;

/** What a form post leaves for the page it redirects to: a notice, or errors with the values as typed. */
export interface Flash {
  /** The person it was written for: a flash is never shown to anyone else. */
  personId: string;
  form: 'participation' | 'report';
  saved?: boolean;
  message?: string;
  fields?: { field: string; problems: string[] }[];
  values?: Record<string, string>;
}

/**
 * Post/redirect/get for the plain-HTML pages: the outcome of a form post travels to the next GET
 * in a short-lived cookie, compressed and signed with SESSION_SECRET, scoped to the page's path
 * and read once.
 */
@Injectable()
export class PageFlash {
  private readonly key: Buffer;
  private readonly secure: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = createHmac('sha256', config.auth.sessionSecret).update('cil-flow page flash').digest();
    this.secure = config.publicUrl.startsWith('https:');
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }

  /** Sets the cookie; answers false when the flash is too large for one (the caller then renders in place). */
  set(res: Response, path: string, flash: Flash): boolean {
    const data = deflateRawSync(Buffer.from(JSON.stringify(flash))).toString('base64url');
    const value = `${data}.${this.sign(data)}`;
    if (value.length > FLASH_MAX_CHARS) return false;
    res.cookie(FLASH_COOKIE, value, { httpOnly: true, sameSite: 'lax', secure: this.secure, path, maxAge: FLASH_TTL_SECONDS * 1000 });
    return true;
  }

  /** Reads and clears the flash for this person, if there is a valid one. */
  take(req: Request, res: Response, path: string, personId: string): Flash | undefined {
    const raw = (req.cookies as Record<string, string> | undefined)?.[FLASH_COOKIE];
    if (!raw) return undefined;
    res.clearCookie(FLASH_COOKIE, { path });
    const [data, mac] = raw.split('.');
    if (!data || !mac) return undefined;
    const expected = Buffer.from(this.sign(data));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const flash = JSON.parse(inflateRawSync(Buffer.from(data, 'base64url')).toString('utf8')) as Flash;
      return flash.personId === personId ? flash : undefined;
    } catch {
      return undefined;
    }
  }
}
