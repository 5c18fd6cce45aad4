// Who is signed in, and what the role may do (the server decides; this only hides what would
// be refused anyway).

import type { Principal } from './types';

export interface Session {
  principal: Principal;
}

export const isClient = (p: Principal): boolean => p.role !== 'partner_user';
export const isAdmin = (p: Principal): boolean => p.role === 'client_admin';
export const canUpload = (p: Principal): boolean => p.role === 'client_admin' || p.role === 'partner_user';
// A partner user writes insights about its own partner; a client admin about any.
export const canWriteInsights = (p: Principal): boolean => p.role !== 'client_viewer';
