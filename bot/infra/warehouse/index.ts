export { createWarehouse, translateQueryError, type WarehouseConfig } from './create-warehouse.ts';
