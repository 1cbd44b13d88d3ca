import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../request-context';
import { CaseCategory } from '../case/case-category.entity';
import { Department } from '../department/department.entity';
import { SpecialCategory } from '../resident/special-category.entity';
import {
  CaseCategoryInput,
  CreateDepartmentInput,
  CreateSpecialCategoryInput,
  UpdateSpecialCategoryInput,
} from './catalogue.inputs';
import { CatalogueService } from './catalogue.service';

@Resolver(() => SpecialCategory)
export class SpecialCategoryResolver {
  @Query(() => [SpecialCategory], { description: 'The special-population catalogue, for registration forms.' })
  specialCategories(@Ctx() ctx: RequestContext): Promise<SpecialCategory[]> {
    return new CatalogueService(ctx).specialCategories();
  }

  @Mutation(() => SpecialCategory, { description: 'Adds a special category to the catalogue.' })
  createSpecialCategory(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateSpecialCategoryInput, { description: 'The category.' }) input: CreateSpecialCategoryInput,
  ): Promise<SpecialCategory> {
    return new CatalogueService(ctx).createSpecialCategory(input);
  }

  @Mutation(() => SpecialCategory, { description: "Changes a category's name, colour, label or visit frequency." })
  updateSpecialCategory(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UpdateSpecialCategoryInput, { description: 'What changes.' }) input: UpdateSpecialCategoryInput,
  ): Promise<SpecialCategory> {
    return new CatalogueService(ctx).updateSpecialCategory(input);
  }
}

@Resolver(() => CaseCategory)
export class CaseCategoryResolver {
  @Query(() => [CaseCategory], { description: 'Case categories with their handling level or department and SLAs.' })
  caseCategories(@Ctx() ctx: RequestContext): Promise<CaseCategory[]> {
    return new CatalogueService(ctx).caseCategories();
  }

  @Mutation(() => CaseCategory, { description: 'Adds a case category.' })
  createCaseCategory(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CaseCategoryInput, { description: 'The category.' }) input: CaseCategoryInput,
  ): Promise<CaseCategory> {
    return new CatalogueService(ctx).createCaseCategory(input);
  }

  @Mutation(() => CaseCategory, { description: 'Changes a case category; cases already reported keep their SLAs.' })
  updateCaseCategory(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the category.' }) id: string,
    @Arg('input', () => CaseCategoryInput, { description: 'The category as it is to be.' }) input: CaseCategoryInput,
  ): Promise<CaseCategory> {
    return new CatalogueService(ctx).updateCaseCategory(id, input);
  }

  @FieldResolver(() => Department, { nullable: true, description: 'The department that handles it, if any.' })
  department(@Root() category: CaseCategory, @Ctx() ctx: RequestContext): Promise<Department | null> {
    return category.department ? ctx.loaders.byId(Department).load(category.department.id) : Promise.resolve(null);
  }
}

@Resolver(() => Department)
export class DepartmentCatalogueResolver {
  @Query(() => [Department], { description: 'The functional departments, for dispatch and delegation forms.' })
  departments(@Ctx() ctx: RequestContext): Promise<Department[]> {
    return new CatalogueService(ctx).departments();
  }

  @Mutation(() => Department, { description: 'Adds a functional department.' })
  createDepartment(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CreateDepartmentInput, { description: 'The department.' }) input: CreateDepartmentInput,
  ): Promise<Department> {
    return new CatalogueService(ctx).createDepartment(input);
  }

  @Mutation(() => Department, { description: 'Renames a department.' })
  renameDepartment(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Global id of the department.' }) id: string,
    @Arg('name', { description: 'The new name.' }) name: string,
  ): Promise<Department> {
    return new CatalogueService(ctx).renameDepartment(id, name);
  }
}

export const catalogueResolvers = [SpecialCategoryResolver, CaseCategoryResolver, DepartmentCatalogueResolver] as const;
