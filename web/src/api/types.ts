// Wire types of the M3uStrm.Server API (snake_case JSON). Keep in step with /openapi/v1.json.

export type Role = 'admin' | 'user';

/** RFC 9457 problem details, with the ASP.NET validation extension `errors`. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: Record<string, string[]>;
  requires_two_factor?: boolean;
  [extension: string]: unknown;
}

export interface Me {
  id: string;
  username: string;
  email: string | null;
  roles: string[];
  enabled: boolean;
  two_factor_enabled: boolean;
  playback_token: string;
  created_at: string;
}

export interface User {
  id: string;
  username: string;
  email: string | null;
  roles: string[];
  enabled: boolean;
  two_factor_enabled: boolean;
  locked_out_until: string | null;
  created_at: string;
  last_login_at: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export interface LoginRequest {
  username: string;
  password: string;
  two_factor_code?: string;
}

export interface ChangePasswordRequest {
  current_password: string;
  new_password: string;
}

export interface CreateUserRequest {
  username: string;
  email?: string;
  password: string;
  role: Role;
}

export interface UpdateUserRequest {
  email?: string;
  role?: Role;
  enabled?: boolean;
  password?: string;
}
