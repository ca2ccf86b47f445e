/**
 * Small hand-written name and place lists. They are deliberately generic and made up for Haven;
 * no list was copied from a census file or another generator.
 */

/** Splits a whitespace-separated block into words; keeps the long lists compact. */
function list(block: string): readonly string[] {
  return block.trim().split(/\s+/);
}

/** Splits a block on '|' and line breaks, for entries that contain spaces. */
function barList(block: string): readonly string[] {
  return block
    .split(/[|\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export const FEMALE_GIVEN = list(`
  Ada Amelia Anna Beatrice Camila Carmen Chloe Clara Daisy Delia Eleanor Elena Elise Emma
  Esther Fatima Fiona Grace Hana Harper Hazel Imani Ines Iris Ivy Jade Joan Julia June Keiko
  Layla Leah Lena Lucia Mabel Maya Mei Mira Nadia Naomi Nora Olive Paloma Priya Quinn Rosa
  Ruth Sadie Sofia Talia Tessa Vera Willa Yara Zara Zoe
`);

export const MALE_GIVEN = list(`
  Aaron Abel Amir Arlo Arthur Ben Caleb Carlos Dario David Desmond Eli Emil Ezra Felix Finn
  Gabriel George Hassan Henry Hugo Isaac Ivan Jalen James Jonah Jorge Kai Kenji Leo Liam
  Lucas Malik Marcus Mateo Miles Nathan Nico Omar Oscar Owen Pablo Peter Rafael Ravi Reuben
  Samuel Silas Theo Tobias Victor Walter Wesley Xavier Yusuf Zane
`);

export const FAMILY_NAMES = list(`
  Abbott Adeyemi Alvarez Andersen Archer Baker Banerjee Bishop Brennan Calloway Castillo
  Chen Okafor Dalton Delgado Donovan Ellison Farrow Fischer Flores Garrison Greenberg
  Halvorsen Hayes Holloway Ibarra Iverson Jansen Kaminski Kapoor Kim Lambert Larsen
  Lindqvist Lowell Maddox Marsh Medina Moreau Nakamura Navarro Novak Ortega Osei Palmer
  Petrov Quintero Ramsey Reyes Rowland Sandoval Shah Sinclair Sorensen Tanaka Thornton
  Underwood Valdez Vance Wakefield Whitaker Winslow Yamamoto Yilmaz Zeller
`);

export const STREET_NAMES = list(`
  Alder Aspen Birch Bluebird Briar Canyon Cedar Chestnut Clover Cobblestone Cypress Dogwood
  Elm Fern Foxglove Granite Harbor Hawthorn Heron Juniper Lantern Larkspur Linden Magnolia
  Meadow Mill Orchard Pine Quarry Ridge Sparrow Spruce Sycamore Thistle Tulip Willow
`);

export const STREET_SUFFIXES = list(`
  St Ave Rd Ln Dr Ct Way Pl
`);

export interface City {
  name: string;
  /** Two-letter USPS state code. */
  state: string;
  /** First three ZIP digits for the area, so postal codes look local. */
  zipPrefix: string;
  areaCode: string;
}

/** Cities grouped by region: a practice draws most patients from its own region. */
export const REGIONS: readonly (readonly City[])[] = [
  [
    { name: 'Portland', state: 'OR', zipPrefix: '972', areaCode: '503' },
    { name: 'Salem', state: 'OR', zipPrefix: '973', areaCode: '503' },
    { name: 'Eugene', state: 'OR', zipPrefix: '974', areaCode: '541' },
    { name: 'Bend', state: 'OR', zipPrefix: '977', areaCode: '541' },
  ],
  [
    { name: 'Burlington', state: 'VT', zipPrefix: '054', areaCode: '802' },
    { name: 'Montpelier', state: 'VT', zipPrefix: '056', areaCode: '802' },
    { name: 'Rutland', state: 'VT', zipPrefix: '057', areaCode: '802' },
  ],
  [
    { name: 'Madison', state: 'WI', zipPrefix: '537', areaCode: '608' },
    { name: 'Milwaukee', state: 'WI', zipPrefix: '532', areaCode: '414' },
    { name: 'Green Bay', state: 'WI', zipPrefix: '543', areaCode: '920' },
  ],
  [
    { name: 'Denver', state: 'CO', zipPrefix: '802', areaCode: '303' },
    { name: 'Boulder', state: 'CO', zipPrefix: '803', areaCode: '303' },
    { name: 'Fort Collins', state: 'CO', zipPrefix: '805', areaCode: '970' },
  ],
  [
    { name: 'Raleigh', state: 'NC', zipPrefix: '276', areaCode: '919' },
    { name: 'Durham', state: 'NC', zipPrefix: '277', areaCode: '919' },
    { name: 'Asheville', state: 'NC', zipPrefix: '288', areaCode: '828' },
  ],
];

/** Words for the practice name: "<place> <kind>". */
export const PRACTICE_PLACES = barList(`
  Riverside|Maple Grove|Cedar Hill|Lakeside|Willow Creek|Stonebridge|Harbor View
  Juniper Ridge
`);
export const PRACTICE_KINDS = barList(`
  Family Medicine|Family Practice|Community Health|Primary Care
`);
