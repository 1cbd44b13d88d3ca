import { FieldTier, TypeTier } from '../../common/tiers';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Grid } from '../grid/grid.entity';
import { CaseCategory } from './case-category.entity';
import { CaseStatus } from './case.enums';

@TypeTier(FieldTier.PUBLIC)
@ObjectType({
  description: 'A number of cases; withheld (null, suppressed) when it is a small group shown to a partner department.',
})
export class CaseCount {
  @Field(() => Int, { description: 'Number of cases; null when withheld as a small group.', nullable: true })
  count!: number | null;

  @Field({ description: 'Whether the count was withheld as a small group.' })
  suppressed!: boolean;
}

@TypeTier(FieldTier.PUBLIC)
@ObjectType({ description: 'Number of cases in one state.' })
export class CaseStatusCount extends CaseCount {
  @Field(() => CaseStatus, { description: 'The state counted.' })
  status!: CaseStatus;
}

@TypeTier(FieldTier.PUBLIC)
@ObjectType({ description: 'Number of cases of one category.' })
export class CaseCategoryCount extends CaseCount {
  @Field(() => CaseCategory, { description: 'The category counted.' })
  category!: CaseCategory;
}

@TypeTier(FieldTier.PUBLIC)
@ObjectType({ description: 'A share or an average over a group of cases; null when the group is empty or suppressed.' })
export class CaseMeasure {
  @Field(() => Float, {
    description: 'The share or mean; null when withheld or when there is nothing to compute over.',
    nullable: true,
  })
  value!: number | null;

  @Field(() => Int, { nullable: true, description: 'How many cases the value is computed over.' })
  basis!: number | null;

  @Field({ description: 'Whether the value was withheld as a small group.' })
  suppressed!: boolean;
}

@TypeTier(FieldTier.PUBLIC)
@ObjectType({ description: 'Cases of a grid subtree reported in a period, as far as the caller may see them.' })
export class CaseStatistics {
  @Field(() => Grid, {
    description: "The grid whose subtree is counted; null for the caller's whole scope.",
    nullable: true,
  })
  grid!: Grid | null;

  @Field(() => Date, { description: 'Start of the period counted.', nullable: true })
  from!: Date | null;

  @Field(() => Date, { description: 'End of the period counted.', nullable: true })
  to!: Date | null;

  @Field(() => CaseCount, { description: 'All cases reported in the period.' })
  total!: CaseCount;

  @Field(() => [CaseStatusCount], { description: 'Every state, zeros included.' })
  byStatus!: CaseStatusCount[];

  @Field(() => [CaseCategoryCount], { description: 'Every category, zeros included.' })
  byCategory!: CaseCategoryCount[];

  @Field(() => CaseCount, { description: 'Cases reported in the period that are closed.' })
  closed!: CaseCount;

  @Field(() => CaseCount, { description: 'Open cases past a deadline now.' })
  overdue!: CaseCount;

  @Field(() => CaseMeasure, { description: '小事不出格: share of closed cases never held above their level-3 grid.' })
  closedWithinGrid!: CaseMeasure;

  @Field(() => CaseMeasure, {
    description: '大事不出街: share of closed cases that never reached the command centre or a department.',
  })
  closedWithinStreet!: CaseMeasure;

  @Field(() => CaseMeasure, {
    description:
      '矛盾不上交 (lower is better): share of the cases taken up (not rejected) that reached the command centre or a department.',
  })
  reachedDistrict!: CaseMeasure;

  @Field(() => CaseMeasure, { description: 'Mean hours from report to acceptance, over accepted cases.' })
  hoursToAccept!: CaseMeasure;

  @Field(() => CaseMeasure, { description: 'Mean hours from report to closing, over closed cases.' })
  hoursToClose!: CaseMeasure;

  @Field(() => CaseMeasure, { description: 'Mean resident satisfaction (1–5) over closed cases.' })
  satisfaction!: CaseMeasure;

  @Field({ description: 'Whether any value above was withheld as a small group.' })
  suppressed!: boolean;
}
