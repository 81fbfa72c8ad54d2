export { createDesignChat, designPrefix, type DesignChat, type DesignChatDeps, type DesignArtifacts } from './design-chat.ts';
export { createMemoryDesignStore, type DesignStore, type DesignState, type StoredDesign } from './design-store.ts';
