// js-yaml 4 exports the scalar types its schemas are made of; @types/js-yaml does not declare them.
import 'js-yaml';

declare module 'js-yaml' {
  export const types: { null: Type; bool: Type; int: Type; float: Type };
}
