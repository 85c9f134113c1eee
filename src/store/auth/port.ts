export interface Project {
  projectId: string;
  createdAt: number;
}
export interface AccessKey {
  keyId: string;
  projectId: string;
  secretHash: string;
  createdAt: number;
}

export interface AuthPort {
  /** Creates the project; returns false when it already exists. */
  createProject(project: Project): Promise<boolean>;
  getProject(projectId: string): Promise<Project | undefined>;
  /** Creates the key; returns false when the key id already exists. */
  createAccessKey(key: AccessKey): Promise<boolean>;
  getAccessKey(keyId: string): Promise<AccessKey | undefined>;
}
