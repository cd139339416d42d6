// Id spaces: tickets and onboarding requests count from 1 like the UI numbers; everything else uses large
// 64-bit-style ids (real ones exceed 2^31), still well inside Number.MAX_SAFE_INTEGER. Problems, changes,
// releases, offboarding requests and journey numbers count from 1 too (their UI numbers are PRB-1, CHN-1, JNY-1 …).

import { COLLECTION_ID_BASES, type CollectionName } from "../engine/collections";

export type IdKind =
  | "ticket"
  | "conversation"
  | "user"
  | "group"
  | "department"
  | "location"
  | "solutionCategory"
  | "solutionFolder"
  | "solutionArticle"
  | "asset"
  | "assetDisplay"
  | "product"
  | "vendor"
  | "relationship"
  | "relationshipType"
  | "onboardingRequest"
  | "attachment"
  | CollectionName;

/** The last id issued per kind before seeding. Asset display ids start at 101 so that ASSET-101 is /assets/101. */
export const ID_BASES: Readonly<Record<IdKind, number>> = {
  ticket: 0,
  conversation: 21_000_200_000,
  user: 21_000_000_000,
  group: 21_000_100_000,
  department: 21_000_110_000,
  location: 21_000_120_000,
  solutionCategory: 21_000_130_000,
  solutionFolder: 21_000_140_000,
  solutionArticle: 21_000_150_000,
  asset: 21_000_300_000,
  assetDisplay: 100,
  product: 21_000_400_000,
  vendor: 21_000_410_000,
  relationship: 21_000_420_000,
  relationshipType: 21_000_430_000,
  onboardingRequest: 0,
  attachment: 21_000_500_000,
  ...COLLECTION_ID_BASES,
};
