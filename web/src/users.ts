// The workspace's users (every signed-in user may read them): loaded once, for owner names and
// owner pickers. `forgetUsers` after a change (Settings) so the next read sees it.
import { api } from "./api";
import type { Page, User } from "./types";

let cached: Promise<User[]> | null = null;

export function loadUsers(): Promise<User[]> {
  if (!cached) {
    cached = api.get<Page<User>>("/users").then((p) => p.data);
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

export function forgetUsers(): void {
  cached = null;
}

export function userName(users: User[] | null, id: string | null | undefined): string {
  if (!id) return "";
  const u = users?.find((x) => x.id === id);
  return u ? u.name : `user ${id}`;
}
