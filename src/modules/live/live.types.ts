import { Field, ObjectType } from 'type-graphql';
import { FieldTier, TypeTier } from '../../common/tiers';
import { Case } from '../case/case.entity';

/** An SLA deadline of a case running out soon (contract §15). */
@ObjectType({ description: 'A deadline of a case that runs out within the warning lead time.' })
@TypeTier(FieldTier.PUBLIC)
export class SlaWarning {
  @Field(() => Case, { nullable: true, description: 'The case whose deadline is near, at the caller’s tiers.' })
  case!: Case | null;

  @Field({ nullable: true, description: 'Which deadline: ACCEPT, RESOLVE or DISPATCH (the department’s).' })
  deadlineKind!: string;

  @Field({ nullable: true, description: 'When the deadline runs out.' })
  deadline!: Date;
}

@ObjectType({ description: 'A change of a case in the caller’s scope.' })
@TypeTier(FieldTier.PUBLIC)
export class CaseChange {
  @Field(() => Case, { nullable: true, description: 'The case as it is now, at the caller’s tiers.' })
  case!: Case | null;

  @Field({ nullable: true, description: 'The command that changed it: report, accept, dispatch, assign, …' })
  change!: string;
}
