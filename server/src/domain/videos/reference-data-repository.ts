export interface VideoType {
  readonly id: number;
  readonly siteId: number;
  readonly title: string;
  readonly description: string;
}

export interface Discipline {
  readonly id: number;
  readonly siteId: number;
  readonly title: string;
  readonly description: string;
}

/** Port: video types and disciplines of a site. */
export interface ReferenceDataRepository {
  listTypes(siteId: number): Promise<VideoType[]>;
  listDisciplines(siteId: number): Promise<Discipline[]>;
  createType(siteId: number, title: string, description: string): Promise<VideoType>;
  createDiscipline(siteId: number, title: string, description: string): Promise<Discipline>;
}
