// Type-checks the generated typings the way an embedding site would use them: if the
// package's .d.ts drifts from this usage, `cargo xtask test` fails.
import init, { Crm, type Client, type ClientInput, type RipenError, type RipenErrorKind } from "../../www/pkg/ripen_wasm.js";

export async function embed(): Promise<Client[]> {
  await init();
  const crm: Crm = await Crm.open("acme-sales", { user: "anna" });
  const input: ClientInput = { kind: "company", name: "ООО «Сибирские моторы»" };
  const added: Client = await crm.addClient(input);
  const id: string = added.id;
  const created: Date = new Date(added.createdAt);
  void id;
  void created;
  const many: Client[] = await crm.addClients([{ name: "Анна Петрова", kind: "person" }, { name: "АО «Сибмоторс»" }]);
  void many;
  try {
    await crm.addClient({ name: "" });
  } catch (caught) {
    const error = caught as RipenError;
    const kind: RipenErrorKind = error.kind;
    const field: string | undefined = error.field;
    void kind;
    void field;
  }
  const name: string = crm.name;
  const user: string = crm.user;
  void name;
  void user;
  const clients = crm.listClients();
  await crm.close();
  await Crm.deleteDatabase("acme-sales");
  return clients;
}

// @ts-expect-error: a client kind outside the union is a type error.
export const wrongKind: ClientInput = { kind: "lead", name: "X" };

// @ts-expect-error: the name is required.
export const noName: ClientInput = { kind: "person" };
